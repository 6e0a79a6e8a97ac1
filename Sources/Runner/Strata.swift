import ArgumentParser
import ConfigLang
import Foundation

@main
struct Strata: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "strata",
        abstract: "Run staged video-diffusion experiments from layered configs.",
        subcommands: [Dump.self, Explain.self, Diff.self, DataCommand.self]
    )

    /// Replaces ArgumentParser's default entry point so that every failure follows the project's
    /// rules: one clear message on standard error, exit 2 for usage and config errors, 1 for
    /// failures at run time, and never a stack trace.
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
        } catch {
            exit(withReport: error)
        }
    }

    static func exit(withReport error: Error) -> Never {
        switch error {
        case let failure as ConfigError:
            FileHandle.standardError.write(Data((failure.rendered(quotingSource: true) + "\n").utf8))
            Foundation.exit(2)
        case let failure as CommandFailure:
            FileHandle.standardError.write(Data("strata: error: \(failure.message)\n".utf8))
            Foundation.exit(failure.exitCode)
        default:
            let code = exitCode(for: error)
            if code == .success {
                // --help, --version: ArgumentParser's own text on standard output.
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
            // ArgumentParser uses EX_USAGE (64) for parse errors; the project's rule is 2.
            Foundation.exit(code == .validationFailure ? 2 : 1)
        }
    }
}
