/// A mapping key. Python configs and YAML distinguish integer keys from string keys
/// (`bucket_config` uses both: `{"256px": {33: ...}}`), so the distinction is kept everywhere.
public enum ConfigKey: Hashable, Sendable, CustomStringConvertible, Comparable {
    case string(String)
    case int(Int64)

    public var description: String {
        switch self {
        case .string(let s): return s
        case .int(let i): return String(i)
        }
    }

    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// Integers before strings, then natural order: the order mmengine's YAML dump uses for
    /// sorted keys cannot compare int with str, so we pick one and keep it stable.
    public static func < (a: ConfigKey, b: ConfigKey) -> Bool {
        switch (a, b) {
        case (.int(let x), .int(let y)): return x < y
        case (.string(let x), .string(let y)): return x < y
        case (.int, .string): return true
        case (.string, .int): return false
        }
    }
}

extension ConfigKey: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int64) { self = .int(value) }
}
