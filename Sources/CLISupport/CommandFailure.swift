import ConfigLang

/// A failure a command reports to the user: `strata: error: <message>` on standard error and the
/// exit code. Usage and config mistakes exit 2, failures while doing the work exit 1.
public struct CommandFailure: Error, CustomStringConvertible {
    public var message: String
    public var exitCode: Int32

    public init(message: String, exitCode: Int32) {
        self.message = message
        self.exitCode = exitCode
    }

    public static func usage(_ message: String) -> CommandFailure { CommandFailure(message: message, exitCode: 2) }
    public static func runtime(_ message: String) -> CommandFailure { CommandFailure(message: message, exitCode: 1) }

    public var description: String { message }
}
