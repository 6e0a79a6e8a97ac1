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
        switch error {
        case let failure as ConfigError:
            FileHandle.standardError.write(Data((failure.rendered(quotingSource: true) + "\n").utf8))
            Foundation.exit(2)
        case let failure as CommandFailure:
            FileHandle.standardError.write(Data("strata: error: \(failure.message)\n".utf8))
            Foundation.exit(failure.exitCode)
        default:
            let code = root.exitCode(for: error)
            if code == .success {
                // --help, --version: ArgumentParser's own text on standard output.
                print(root.fullMessage(for: error))
                Foundation.exit(0)
            }
            FileHandle.standardError.write(Data((root.fullMessage(for: error) + "\n").utf8))
            // ArgumentParser uses EX_USAGE (64) for parse errors; the project's rule is 2.
            Foundation.exit(code == .validationFailure ? 2 : 1)
        }
    }
}
