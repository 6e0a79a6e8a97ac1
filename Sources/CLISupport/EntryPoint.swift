import ArgumentParser
import ConfigLang
import Foundation
import Progress

/// The entry point every strata executable uses, so that every failure follows the project's
/// rules: one message on standard error in one style (`error: …`, with `file:line:col:` or
/// `argument N:` where known), exit 2 for usage, config and input-shape mistakes, 1 for failures
/// while working, and never a stack trace. At the end of a run it sums up what was warned.
public enum EntryPoint {
    public static func run<Root: ParsableCommand>(_ root: Root.Type, arguments: [String] = Array(CommandLine.arguments.dropFirst())) -> Never {
        let arguments = ArgumentConventions.joiningNegativeValues(arguments)
        var parsed: ParsableCommand.Type = root
        do {
            var command = try root.parseAsRoot(arguments)
            parsed = type(of: command)
            try command.run()
            finish(code: 0)
        } catch {
            exit(withReport: error, root: root, command: parsed, arguments: arguments)
        }
    }

    public static func exit<Root: ParsableCommand>(withReport error: Error, root: Root.Type,
                                                   command: ParsableCommand.Type? = nil, arguments: [String] = []) -> Never {
        let report = report(error, root: root, command: command, arguments: arguments)
        if report.code == 0 {
            print(report.text)
        } else {
            FileHandle.standardError.write(Data((report.text + "\n").utf8))
        }
        finish(code: report.code)
    }

    /// The warning summary, then exit.
    private static func finish(code: Int32) -> Never {
        let summary = Diagnostics.shared.summary()
        if !summary.isEmpty { FileHandle.standardError.write(Data((summary.joined(separator: "\n") + "\n").utf8)) }
        Foundation.exit(code)
    }

    /// What `exit(withReport:)` prints for `error` and the exit code (0 for --help and --version,
    /// whose text goes to standard output): one place, so a data-parallel rank can prefix its rank
    /// and abort the job with the same text and code. `command` is the verb that was parsed (for
    /// "did you mean --format" when a mistyped option was taken for a config override).
    public static func report<Root: ParsableCommand>(_ error: Error, root: Root.Type, command: ParsableCommand.Type? = nil,
                                                     arguments: [String] = []) -> (text: String, code: Int32) {
        switch error {
        case let failure as ConfigError:
            if let command, let typo = OptionTypo.find(in: failure, arguments: arguments, options: OptionTypo.options(of: command)) {
                return (ErrorStyle.error(typo), 2)
            }
            return (failure.rendered(quotingSource: true), 2)
        case let failure as CommandFailure:
            return (ErrorStyle.error(failure.message), failure.exitCode)
        default:
            let code = root.exitCode(for: error)
            // --help, --version: ArgumentParser's own text on standard output.
            if code == .success { return (ErrorStyle.publicNames(root.fullMessage(for: error)), 0) }
            // ArgumentParser uses EX_USAGE (64) for parse errors; the project's rule is 2.
            return (ErrorStyle.parserMessage(root.fullMessage(for: error)), code == .validationFailure ? 2 : code.rawValue)
        }
    }
}
