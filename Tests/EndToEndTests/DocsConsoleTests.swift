import Foundation
import ProcessFixtures
import Testing

/// Every ```console block of README.md and docs/ is run, and what it shows is compared with what
/// strata prints: the docs cannot go stale unnoticed. Blocks run in order in one scratch folder per
/// file, which links the repository's configs/ and experiments/ (so paths read as in the docs)
/// with the built strata first on PATH. What varies is masked: hex digests (fingerprints,
/// commits), and `…` in the docs stands for any text (a whole line of `…`: any lines).
///
/// A block that cannot run here says why in a comment right above it
/// (`<!-- not run by the docs test: needs an Open-Sora checkout -->`); its strata commands are
/// still checked to name real verbs (each verb is asked for its --help).
@Suite struct DocsConsoleTests {
    static let repository = DemoChainTests.repository

    struct Command: Sendable, CustomStringConvertible {
        var file: String
        var line: Int
        var text: String
        var expected: [String]
        var skipReason: String?
        var description: String { "\(file):\(line): $ \(text)" }
    }

    /// The commands of every console block, with the output shown below each.
    static func commands(in file: String) throws -> [Command] {
        let lines = try String(contentsOfFile: repository + "/" + file, encoding: .utf8).components(separatedBy: "\n")
        var commands: [Command] = []
        var inBlock = false
        var skip: String?
        for (index, line) in lines.enumerated() {
            if !inBlock, line.hasPrefix("```console") {
                inBlock = true
                let previous = index > 0 ? lines[index - 1] : ""
                skip = previous.hasPrefix("<!-- not run by the docs test:")
                    ? String(previous.dropFirst("<!-- not run by the docs test:".count).dropLast(4)).trimmingCharacters(in: .whitespaces) : nil
                continue
            }
            guard inBlock else { continue }
            if line.hasPrefix("```") {
                inBlock = false
                continue
            }
            if line.hasPrefix("$ ") {
                commands.append(Command(file: file, line: index + 1, text: String(line.dropFirst(2)), expected: [], skipReason: skip))
            } else if var last = commands.popLast() {
                // A command continued with a backslash is one command.
                if last.text.hasSuffix("\\"), last.expected.isEmpty, line.hasPrefix("  ") {
                    last.text = String(last.text.dropLast()) + " " + line.trimmingCharacters(in: .whitespaces)
                } else {
                    last.expected.append(line)
                }
                commands.append(last)
            }
        }
        return commands.map { command in
            var command = command
            while command.expected.last?.isEmpty == true { command.expected.removeLast() }
            return command
        }
    }

    static let files: [String] = {
        let docs = ((try? FileManager.default.contentsOfDirectory(atPath: repository + "/docs")) ?? [])
            .filter { $0.hasSuffix(".md") }.sorted().map { "docs/" + $0 }
        return ["README.md"] + docs
    }()

    /// Hex digests of 8 or more digits with at least one digit: fingerprints, commits, hashes.
    static func masked(_ line: String) -> String {
        line.replacingOccurrences(of: #"\b(?=[0-9a-f]*[0-9])[0-9a-f]{8,64}\b"#, with: "<hex>", options: .regularExpression)
            .replacingOccurrences(of: #"\s+$"#, with: "", options: .regularExpression)
    }

    /// Whether `actual` shows what the docs show, `…` matching anything.
    static func matches(expected: [String], actual: [String]) -> Bool {
        func lineMatches(_ pattern: String, _ text: String) -> Bool {
            let parts = masked(pattern).components(separatedBy: "…")
            let escaped = parts.map { NSRegularExpression.escapedPattern(for: $0) }.joined(separator: ".*")
            return masked(text).range(of: "^" + escaped + "$", options: .regularExpression) != nil
        }
        func match(_ e: ArraySlice<String>, _ a: ArraySlice<String>) -> Bool {
            guard let first = e.first else { return a.isEmpty }
            if first.trimmingCharacters(in: .whitespaces) == "…" {
                for skip in 0...a.count where match(e.dropFirst(), a.dropFirst(skip)) { return true }
                return false
            }
            guard let line = a.first, lineMatches(first, line) else { return false }
            return match(e.dropFirst(), a.dropFirst())
        }
        return match(expected[...], actual[...])
    }

    @Test(arguments: files)
    func consoleBlocksShowWhatStrataPrints(_ file: String) throws {
        let commands = try Self.commands(in: file)
        guard !commands.isEmpty else { return }
        let folder = NSTemporaryDirectory() + "strata-docs-\(getpid())-\(file.replacingOccurrences(of: "/", with: "-"))"
        try? FileManager.default.removeItem(atPath: folder)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for link in ["configs", "experiments"] {
            try FileManager.default.createSymbolicLink(atPath: folder + "/" + link, withDestinationPath: Self.repository + "/" + link)
        }
        let binaries = (DemoChainTests.strata as NSString).deletingLastPathComponent
        let path = binaries + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        for command in commands {
            if let reason = command.skipReason {
                #expect(!reason.isEmpty, "\(command): a skipped block says why")
                guard command.text.hasPrefix("strata ") else { continue }
                let words = command.text.components(separatedBy: "#")[0].components(separatedBy: " ").filter { !$0.isEmpty }
                let help = try ChildProcess.run("/bin/sh", ["-c", words.prefix { !$0.hasPrefix("-") && !$0.contains("/") && !$0.contains(".") && !$0.contains(":") }
                    .joined(separator: " ") + " --help"], in: folder, environment: ["PATH": path])
                #expect(help.status == 0, "\(command): \(help.output)")
                continue
            }
            let outcome = try ChildProcess.run("/bin/sh", ["-c", command.text], in: folder,
                                               environment: ["PATH": path, "COLUMNS": "100", "NO_COLOR": "1", "STRATA_THREADS": "2"])
            var actual = outcome.output.components(separatedBy: "\n")
            while actual.last?.isEmpty == true { actual.removeLast() }
            let showsError = command.expected.first?.hasPrefix("error:") == true || command.expected.first?.contains(": error:") == true
            let differs = command.text.hasPrefix("strata diff ") && outcome.status == 1
            #expect(showsError ? outcome.status == 2 : (outcome.status == 0 || differs),
                    "\(command): exit \(outcome.status)\n\(outcome.output)")
            if !command.expected.isEmpty {
                #expect(Self.matches(expected: command.expected, actual: actual),
                        "\(command)\nthe docs show:\n\(command.expected.joined(separator: "\n"))\nstrata prints:\n\(actual.joined(separator: "\n"))")
            }
        }
    }

    @Test func theMatcherMasksDigestsAndTakesEllipses() {
        #expect(Self.matches(expected: ["image: done, reusing outputs/demo/image-47cd3e74ff2a"], actual: ["image: done, reusing outputs/demo/image-0b3e52a1f0c4"]))
        #expect(Self.matches(expected: ["a", "…", "z"], actual: ["a", "b", "c", "z"]))
        #expect(Self.matches(expected: ["to …: 3"], actual: ["to run: 3"]))
        #expect(!Self.matches(expected: ["loss 0.5"], actual: ["loss 0.6"]))
        #expect(!Self.matches(expected: ["a"], actual: ["a", "b"]))
    }
}
