/// The one style of every message strata writes for a failure: `error: …` (after `file:line:col:`
/// when a ConfigError knows the place), never `Error:`, `strata: error:` or a doubled prefix, and
/// never the name of an internal executable.
public enum ErrorStyle {
    /// `error: message`, whatever prefix the message already carried.
    public static func error(_ message: String) -> String {
        "error: " + stripped(message)
    }

    /// ArgumentParser's text for a parse error ("Error: Missing value…\nHelp: …\nUsage: …"), in
    /// strata's style.
    public static func parserMessage(_ text: String) -> String {
        var lines = publicNames(text).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let first = lines.first else { return "error: unknown error" }
        var message = stripped(first)
        if let initial = message.first, initial.isUppercase, message.dropFirst().first?.isLowercase == true {
            message = initial.lowercased() + message.dropFirst()
        }
        lines[0] = "error: " + message
        return lines.map { line in
            line.hasPrefix("Help:  ") ? "help: " + line.dropFirst(7)
                : line.hasPrefix("Usage: ") ? "usage: " + line.dropFirst(7) : line
        }.joined(separator: "\n")
    }

    /// The internal executables (strata-train, strata-data) are strata's verbs to the user.
    public static func publicNames(_ text: String) -> String {
        text.replacingOccurrences(of: "strata-train ", with: "strata ")
            .replacingOccurrences(of: "strata-data ", with: "strata data ")
    }

    /// The message without the prefixes other layers put in front of it.
    static func stripped(_ message: String) -> String {
        var text = Substring(message)
        let prefixes = ["Error: ", "error: ", "strata: error: ", "strata: "]
        var changed = true
        while changed {
            changed = false
            for prefix in prefixes where text.hasPrefix(prefix) {
                text = text.dropFirst(prefix.count)
                changed = true
            }
        }
        return String(text)
    }
}
