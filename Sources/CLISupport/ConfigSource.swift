import ArgumentParser
import ConfigLang
import Foundation
import Progress
import Stages

/// The config argument and the overrides after it, shared by every verb that takes a config.
public struct ConfigSource: ParsableArguments {
    @Argument(help: "The config file (.yaml, .yml, .json or .py), or a run directory (outputs/<experiment>/<stage>-…).")
    public var config: String

    @Argument(
        parsing: .allUnrecognized,
        help: ArgumentHelp(
            "Overrides: --key value, --key=value, key=value, +key=value (add), ~key (remove).",
            discussion: "Keys must exist (typos get a suggestion); values are read in the type of the value they replace.",
            valueName: "override"))
    public var overrides: [String] = []

    @OptionGroup public var output: OutputOptions

    public init() {}

    /// Loads the config with its overrides; prints override warnings to standard error.
    public func load() throws -> ResolvedConfig {
        try Self.load(config, overrideTokens: overrides)
    }

    public static func load(_ config: String, overrideTokens: [String]) throws -> ResolvedConfig {
        let parsed = try OverrideParser.parse(commandLinePositions(of: overrideTokens))
        let resolved = try ConfigInput.load(config, overrides: parsed)
        reportWarnings(of: resolved)
        return resolved
    }

    /// Says on standard error what the overrides of a loaded config did not do (derived values
    /// that did not follow them).
    public static func reportWarnings(of resolved: ResolvedConfig) {
        for warning in resolved.warnings { Diagnostics.shared.warn(warning) }
    }

    /// ArgumentParser hands over the unrecognised tokens without their positions; find them on
    /// the command line (in order) so that provenance can say "argument 3".
    public static func commandLinePositions(of tokens: [String]) -> [(index: Int, text: String)] {
        let arguments = Array(CommandLine.arguments.dropFirst())
        var result: [(Int, String)] = []
        var cursor = 0
        for token in tokens {
            if let found = arguments[cursor...].firstIndex(of: token) {
                result.append((found + 1, token))
                cursor = found + 1
            } else if let found = joinedPosition(of: token, in: arguments, from: cursor) {
                // `--lr -1e-4`, joined into `--lr=-1e-4` by ArgumentConventions.
                result.append((found + 1, token))
                cursor = found + 2
            } else {
                result.append((cursor + 1, token))
            }
        }
        return result
    }

    private static func joinedPosition(of token: String, in arguments: [String], from cursor: Int) -> Int? {
        guard let equals = token.firstIndex(of: "=") else { return nil }
        let name = String(token[..<equals]), value = String(token[token.index(after: equals)...])
        var index = cursor
        while index + 1 < arguments.count {
            if arguments[index] == name, arguments[index + 1] == value { return index }
            index += 1
        }
        return nil
    }
}
