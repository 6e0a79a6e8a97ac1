/// One command-line override of a config value.
///
/// Both spellings are accepted after the config argument: Open-Sora's `--dataset.data-path P` and
/// `--lr=1e-4`, and mmengine's `dataset.data_path=P`. `+key=value` adds a key that does not exist
/// yet, `~key` removes one. `-` and `_` are the same in key names.
public struct Override: Sendable, Equatable {
    public enum Action: Sendable, Equatable {
        case set
        case add
        case remove
    }

    public var action: Action
    /// The dotted key, split (segments as written: `256px`, `33`, `data-path`).
    public var path: [String]
    /// The value as written; nil for `remove`.
    public var valueText: String?
    /// The argument(s) it came from, for provenance and messages.
    public var origin: Origin

    public init(action: Action, path: [String], valueText: String?, origin: Origin) {
        self.action = action
        self.path = path
        self.valueText = valueText
        self.origin = origin
    }

    public var dottedPath: String { path.joined(separator: ".") }
}

/// Reads override arguments into `Override`s.
public enum OverrideParser {
    /// Parses the override arguments. `firstArgumentIndex` is the 1-based position of
    /// `arguments[0]` on the command line; the arguments are taken to be consecutive.
    public static func parse(_ arguments: [String], firstArgumentIndex: Int) throws -> [Override] {
        try parse(arguments.enumerated().map { (firstArgumentIndex + $0.offset, $0.element) })
    }

    /// Parses override arguments given with their own command-line positions (1-based), for
    /// commands whose overrides are interleaved with other options.
    public static func parse(_ arguments: [(index: Int, text: String)]) throws -> [Override] {
        var overrides: [Override] = []
        var position = 0
        while position < arguments.count {
            let (index, token) = arguments[position]
            position += 1
            if token == "--" { continue }
            let origin = Origin.argument(index: index, text: token)
            if token.hasPrefix("--") {
                let body = String(token.dropFirst(2))
                if let equals = body.firstIndex(of: "=") {
                    overrides.append(try make(.set, key: String(body[..<equals]), value: String(body[body.index(after: equals)...]), origin: origin))
                } else {
                    guard position < arguments.count, !arguments[position].text.hasPrefix("--") else {
                        throw ConfigError(.invalidOverride, "argument \(index): '\(token)' has no value; write '\(token) VALUE' or '\(token)=VALUE' (for a flag: '\(token) true')")
                    }
                    let value = arguments[position]
                    position += 1
                    overrides.append(try make(.set, key: body, value: value.text,
                                              origin: .argument(index: index, text: token + " " + value.text)))
                }
            } else if token.hasPrefix("~") {
                overrides.append(try make(.remove, key: String(token.dropFirst()), value: nil, origin: origin))
            } else if let equals = token.firstIndex(of: "=") {
                let isAdd = token.hasPrefix("+")
                let key = token[token.index(token.startIndex, offsetBy: isAdd ? 1 : 0)..<equals]
                overrides.append(try make(isAdd ? .add : .set, key: String(key), value: String(token[token.index(after: equals)...]), origin: origin))
            } else {
                throw ConfigError(.invalidOverride, "argument \(index): unexpected '\(token)'; overrides look like --key value, --key=value, key=value, +key=value or ~key")
            }
        }
        return overrides
    }

    private static func make(_ action: Override.Action, key: String, value: String?, origin: Origin) throws -> Override {
        let path = key.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard !key.isEmpty, path.allSatisfy({ !$0.isEmpty }) else {
            throw ConfigError(.invalidOverride, "\(origin): '\(key)' is not a key: expected dotted names like model.depth")
        }
        return Override(action: action, path: path, valueText: value, origin: origin)
    }
}
