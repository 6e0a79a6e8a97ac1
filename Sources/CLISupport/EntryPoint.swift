import ArgumentParser
import ConfigLang
import Foundation

/// The entry point every strata executable uses, so that every failure follows the project's
/// rules: one clear message on standard error, exit 2 for usage and config errors, 1 for failures
/// at run time, and never a stack trace.
public enum EntryPoint {
    public static func run<Root: ParsableCommand>(_ root: Root.Type, arguments: [String] = Array(CommandLine.arguments.dropFirst())) -> Never {
        do {
            var command = try root.parseAsRoot(arguments)
            try command.run()
            Foundation.exit(0)
        } catch {
            exit(withReport: error, root: root)
        }
    }

    public static func exit<Root: ParsableCommand>(withReport error: Error, root: Root.Type) -> Never {
        let report = report(error, root: root)
        if report.code == 0 {
            print(report.text)
        } else {
            FileHandle.standardError.write(Data((report.text + "\n").utf8))
        }
        Foundation.exit(report.code)
    }

    /// What `exit(withReport:)` prints for `error` and the exit code (0 for --help and --version,
    /// whose text goes to standard output): one place, so a data-parallel rank can prefix its rank
    /// and abort the job with the same text and code.
    public static func report<Root: ParsableCommand>(_ error: Error, root: Root.Type) -> (text: String, code: Int32) {
        switch error {
        case let failure as ConfigError:
            return (failure.rendered(quotingSource: true), 2)
        case let failure as CommandFailure:
            return ("strata: error: \(failure.message)", failure.exitCode)
        default:
            let code = root.exitCode(for: error)
            // --help, --version: ArgumentParser's own text on standard output.
            if code == .success { return (root.fullMessage(for: error), 0) }
            // ArgumentParser uses EX_USAGE (64) for parse errors; the project's rule is 2.
            return (root.fullMessage(for: error), code == .validationFailure ? 2 : 1)
        }
    }
}
