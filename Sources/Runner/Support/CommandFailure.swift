import ConfigLang

/// A failure a command reports to the user: `strata: error: <message>` on standard error and the
/// exit code. Usage and config mistakes exit 2, failures while doing the work exit 1.
struct CommandFailure: Error, CustomStringConvertible {
    var message: String
    var exitCode: Int32

    static func usage(_ message: String) -> CommandFailure { CommandFailure(message: message, exitCode: 2) }
    static func runtime(_ message: String) -> CommandFailure { CommandFailure(message: message, exitCode: 1) }

    var description: String { message }
}
