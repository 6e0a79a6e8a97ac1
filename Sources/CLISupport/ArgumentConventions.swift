import ArgumentParser
import ConfigLang
import Foundation

/// Command-line conventions ArgumentParser leaves to the tool.
public enum ArgumentConventions {
    /// `--guidance -1` means the value -1, not an option named `-1`: a negative number after a
    /// long option is joined to it (`--guidance=-1`), which ArgumentParser and the override
    /// parser both read as the option's value.
    public static func joiningNegativeValues(_ arguments: [String]) -> [String] {
        var result: [String] = []
        var index = 0
        var afterSeparator = false
        while index < arguments.count {
            let token = arguments[index]
            if token == "--" { afterSeparator = true }
            if !afterSeparator, index + 1 < arguments.count, isLongOption(token), isNegativeNumber(arguments[index + 1]) {
                result.append(token + "=" + arguments[index + 1])
                index += 2
                continue
            }
            result.append(token)
            index += 1
        }
        return result
    }

    /// `--name` (letters, digits, `-`, `_`, `.`), without a value attached.
    static func isLongOption(_ token: String) -> Bool {
        guard token.hasPrefix("--"), token.count > 2, !token.contains("=") else { return false }
        return token.dropFirst(2).allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." }
            && token.dropFirst(2).first?.isLetter == true
    }

    /// -1, -0.5, -.5, -1e-4, -inf.
    static func isNegativeNumber(_ token: String) -> Bool {
        guard token.hasPrefix("-"), token.count > 1 else { return false }
        let body = token.dropFirst()
        if ["inf", "infinity"].contains(body.lowercased()) { return true }
        guard body.first?.isNumber == true || (body.first == "." && body.dropFirst().first?.isNumber == true) else { return false }
        return Double(body) != nil
    }
}

/// A mistyped option (`--formt json`) that, unknown to the verb, was taken for a config override
/// and failed as one: said as the option typo it most likely is.
public enum OptionTypo {
    /// The long options a verb takes, from its help text.
    public static func options(of command: ParsableCommand.Type) -> [String] {
        let help = command.helpMessage(columns: 10_000)
        var names: [String] = []
        var scanner = Substring(help)
        while let range = scanner.range(of: "--") {
            let rest = scanner[range.upperBound...]
            let name = rest.prefix { $0.isLetter || $0.isNumber || $0 == "-" }
            if name.first?.isLetter == true, !names.contains("--" + name) { names.append("--" + name) }
            scanner = rest
        }
        return names
    }

    /// "argument 3: unknown option '--formt'; did you mean '--format'? …" when `error` is an
    /// override at argument N spelled as an undotted `--name` close to one of `options`.
    public static func find(in error: ConfigError, arguments: [String], options: [String]) -> String? {
        guard error.kind == .invalidOverride, error.message.hasPrefix("argument ") else { return nil }
        let digits = error.message.dropFirst("argument ".count).prefix { $0.isNumber }
        let rest = error.message.dropFirst("argument ".count + digits.count)
        guard let position = Int(digits), rest.hasPrefix(": --") else { return nil }
        let token = rest.dropFirst(2)
        let name = String(token.prefix { $0 != " " && $0 != "=" })
        guard !name.dropFirst(2).contains("."), !options.contains(name),
              let suggestion = Suggestions.closest(to: String(name.dropFirst(2)), among: options.map { String($0.dropFirst(2)) }) else { return nil }
        return "argument \(position): unknown option '\(name)'; did you mean '--\(suggestion)'? (not an option of this command, and as a config override: \(Self.overrideReason(error.message)))"
    }

    /// The override error's own reason, after "argument N: TOKEN: ".
    private static func overrideReason(_ message: String) -> String {
        let parts = message.components(separatedBy: ": ")
        return parts.count > 2 ? parts.dropFirst(2).joined(separator: ": ") : message
    }
}
