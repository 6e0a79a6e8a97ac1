import ArgumentParser
import CLISupport
import ConfigLang
import Foundation
import Stages

/// `strata diff A B`: loads two configs (each with its own overrides) and prints their semantic
/// difference. The engine (`ConfigDiff`) lives in ConfigLang and never sees files; this command
/// only turns the command line into two trees and two labels.
struct Diff: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show how two configs differ, key by key, and which file or argument set each value.",
        usage: """
            strata diff [<options>] A B [<options>]
            strata diff [<options>] A [A's overrides…] -- B [B's overrides…] [-- <options>]
            """,
        discussion: """
            A and B are config files (.yaml, .yml, .json or .py) or run directories \
            (outputs/<experiment>/<stage>-…); two experiment files are compared stage by stage. Overrides written after a config \
            belong to it; `--` ends A's group and starts B's. Without `--` there are no overrides \
            and the options may also follow the two configs.

            One line per difference: `-` only in A, `+` only in B, `~` changed, with old → new \
            (numbers also as delta and ratio) and the file:line or argument that set each side. \
            A subtree replaced wholesale is one summary line; --full expands it.

            Exit status: 0 when the configs are equal, 1 when they differ, 2 on error.

            Examples:
              strata diff stage1.py stage2.py
              strata diff --format json stage1.py -- stage2.py --lr 1e-4 ckpt_every=100
              strata diff stage2.py -- stage2.py plugin_config.sp_size=8

            The JSON schema is documented in docs/diff.md.
            """
    )

    @OptionGroup var options: DiffOptions

    @Argument(parsing: .captureForPassthrough, help: "A [overrides…] -- B [overrides…], or just A B.")
    var configs: [String] = []

    func run() throws {
        // Passthrough capture takes `--help` too when it comes first; answer it as help.
        if let first = configs.first, ["-h", "--help", "-help"].contains(first) { throw CleanExit.helpRequest(self) }
        let sides = try Self.split(configs)
        if sides.a.overrides.isEmpty, sides.b.overrides.isEmpty, ConfigInput.isExperiment(sides.a.path), ConfigInput.isExperiment(sides.b.path) {
            try diffExperiments(sides.a.path, sides.b.path, options: options.merged(with: sides.trailing))
            return
        }
        let first = try Self.load(sides.a, position: commandLinePosition(of: 0))
        let second = try Self.load(sides.b, position: commandLinePosition(of: sides.bOffset))
        let diff = ConfigDiff(first.root, second.root, labels: (first.label, second.label))

        let merged = options.merged(with: sides.trailing)
        let text: String
        switch merged.format ?? .text {
        case .text: text = DiffTextRenderer.render(diff, full: merged.full, color: merged.useColor)
        case .json: text = DiffJSONRenderer.render(diff)
        case .md: text = DiffMarkdownRenderer.render(diff, full: merged.full)
        }
        FileHandle.standardOutput.write(Data(text.utf8))
        // diff(1)'s convention: 1 means "they differ", not a failure worth a message.
        if !diff.isEqual { Foundation.exit(1) }
    }

    /// One config and the overrides that follow it.
    struct Side {
        var path: String
        var overrides: [String]
    }

    /// `A [ov…] -- B [ov…] [-- options…]` or `A B` with options anywhere.
    static func split(_ tokens: [String]) throws -> (a: Side, b: Side, bOffset: Int, trailing: DiffOptions?) {
        guard let separator = tokens.firstIndex(of: "--") else {
            // No overrides: the rest must be B and diff options.
            guard let a = tokens.first else { throw CommandFailure.usage("missing the two configs to compare: strata diff A B") }
            let rest = TrailingArguments.parseOrNil(Array(tokens.dropFirst()))
            guard let rest else {
                throw CommandFailure.usage("""
                    expected `strata diff A B`; to give overrides, separate the configs with `--`: \
                    strata diff A [A's overrides…] -- B [B's overrides…]
                    """)
            }
            return (Side(path: a, overrides: []), Side(path: rest.b, overrides: []), tokens.count - rest.bFromEnd, rest.options)
        }
        let groupA = Array(tokens[..<separator])
        var groupB = Array(tokens[(separator + 1)...])
        var trailing: DiffOptions? = nil
        if let second = groupB.firstIndex(of: "--") {
            do {
                trailing = try DiffOptions.parse(Array(groupB[(second + 1)...]))
            } catch {
                throw CommandFailure.usage("after a second `--` only diff options may follow: " + DiffOptions.message(for: error))
            }
            groupB = Array(groupB[..<second])
        }
        guard let a = groupA.first else { throw CommandFailure.usage("missing config A before `--`") }
        guard let b = groupB.first else { throw CommandFailure.usage("missing config B after `--`") }
        return (Side(path: a, overrides: Array(groupA.dropFirst())), Side(path: b, overrides: Array(groupB.dropFirst())),
                separator + 1, trailing)
    }

    /// The 1-based position on the command line of `configs[offset]`, for override provenance.
    /// The captured tokens are the tail of the command line.
    private func commandLinePosition(of offset: Int) -> Int {
        let all = CommandLine.arguments
        let start = all.count - configs.count
        return Array(all.suffix(configs.count)) == configs ? start + offset : offset + 1
    }

    /// A config file or a run directory, with its overrides.
    private static func load(_ side: Side, position: Int) throws -> (root: ConfigNode, label: String) {
        guard !side.overrides.isEmpty else { return (try ConfigInput.load(side.path, overrides: []).root, side.path) }
        let overrides = try OverrideParser.parse(side.overrides, firstArgumentIndex: position + 1)
        let label = ([side.path] + side.overrides).joined(separator: " ")
        let resolved = try ConfigInput.load(side.path, overrides: overrides)
        ConfigSource.reportWarnings(of: resolved)
        return (resolved.root, label)
    }

    /// Two experiment files: one section per stage.
    private func diffExperiments(_ a: String, _ b: String, options: DiffOptions) throws {
        let diff = try ExperimentDiff(try Experiment.load(a), try Experiment.load(b), labels: (a, b))
        var out = ""
        for entry in diff.entries {
            switch entry {
            case .onlyInA(let stage): out += "- stage \(stage): only in \(a)\n"
            case .onlyInB(let stage): out += "+ stage \(stage): only in \(b)\n"
            case .both(let stage, let stageDiff):
                if stageDiff.isEqual { continue }
                switch options.format ?? .text {
                case .text: out += "=== stage \(stage)\n" + DiffTextRenderer.render(stageDiff, full: options.full, color: options.useColor)
                case .md: out += "## stage \(stage)\n\n" + DiffMarkdownRenderer.render(stageDiff, full: options.full)
                case .json: out += DiffJSONRenderer.render(stageDiff)
                }
            }
        }
        FileHandle.standardOutput.write(Data(out.utf8))
        if !diff.isEqual { Foundation.exit(1) }
    }
}

struct DiffOptions: ParsableArguments {
    @OptionGroup var output: OutputOptions

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json, md }
    enum ColorMode: String, ExpressibleByArgument, CaseIterable { case auto, always, never }

    @Option(help: "Output format: text, json or md (default: text).")
    var format: Format?

    @Flag(help: "Expand summarised subtrees into one line per difference.")
    var full = false

    @Option(help: "Colour the text output: auto (a terminal without NO_COLOR), always or never.")
    var color: ColorMode?

    func merged(with later: DiffOptions?) -> DiffOptions {
        guard let later else { return self }
        var out = self
        out.format = later.format ?? format
        out.full = full || later.full
        out.color = later.color ?? color
        return out
    }

    var useColor: Bool {
        switch color ?? .auto {
        case .always: return true
        case .never: return false
        case .auto:
            let noColor = ProcessInfo.processInfo.environment["NO_COLOR"].map { !$0.isEmpty } ?? false
            return !noColor && isatty(STDOUT_FILENO) == 1
        }
    }
}

/// What may follow A when there is no `--`: B and diff options, in any order.
private struct TrailingArguments: ParsableArguments {
    @OptionGroup var options: DiffOptions
    @Argument var b: String

    /// How far from the end of the tokens B is, to find its command-line position.
    var bFromEnd = 0

    enum CodingKeys: CodingKey { case options, b }

    static func parseOrNil(_ tokens: [String]) -> TrailingArguments? {
        guard var parsed = try? parse(tokens), let index = tokens.lastIndex(of: parsed.b) else { return nil }
        parsed.bFromEnd = tokens.count - index
        return parsed
    }
}
