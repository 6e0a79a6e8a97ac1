import OrderedCollections

/// An ordered mapping of config nodes; insertion order is the order users wrote and mmengine keeps.
public typealias ConfigMapping = OrderedDictionary<ConfigKey, ConfigNode>

/// The value of a config node: the data model shared by every reader and writer.
public enum ConfigValue: Sendable {
    case null
    case bool(Bool)
    /// 64-bit; readers reject larger literals instead of wrapping.
    case int(Int64)
    case float(Double)
    case string(String)
    /// A YAML 1.1 timestamp, kept as the text Python's `isoformat()` gives for the value PyYAML builds
    /// (`2024-01-02`, `2024-01-02T10:20:30`, `2024-01-02T10:20:30.500000+01:00`).
    case timestamp(String)
    case list([ConfigNode])
    /// Python tuples stay apart from lists: Open-Sora tests `isinstance(x, tuple)`.
    case tuple([ConfigNode])
    case mapping(ConfigMapping)

    /// A short name of the kind of value, for messages ("expected a mapping, found a list").
    public var kindName: String {
        switch self {
        case .null: return "null"
        case .bool: return "boolean"
        case .int: return "integer"
        case .float: return "float"
        case .string: return "string"
        case .timestamp: return "timestamp"
        case .list: return "list"
        case .tuple: return "tuple"
        case .mapping: return "mapping"
        }
    }

    public var isMapping: Bool {
        if case .mapping = self { return true }
        return false
    }

    public var mapping: ConfigMapping? {
        if case .mapping(let m) = self { return m }
        return nil
    }

    /// The items of a list or a tuple.
    public var sequenceItems: [ConfigNode]? {
        switch self {
        case .list(let items), .tuple(let items): return items
        default: return nil
        }
    }
}

/// A value with its position and history. Every reader produces these; resolution keeps them.
public struct ConfigNode: Sendable {
    public var value: ConfigValue
    /// Where the value itself was written (for a mapping, where the mapping starts).
    public var location: SourceLocation?
    /// Where the key that holds this node was written, when it is a mapping entry.
    public var keyLocation: SourceLocation?
    /// Oldest first: every layer that set, merged, replaced or deleted this node.
    public var history: [ProvenanceEvent]

    public init(
        _ value: ConfigValue, location: SourceLocation?, keyLocation: SourceLocation? = nil,
        history: [ProvenanceEvent]? = nil
    ) {
        self.value = value
        self.location = location
        self.keyLocation = keyLocation
        self.history = history ?? location.map { [ProvenanceEvent(.set, at: .file($0))] } ?? []
    }

    /// The layer that gave the node its current value.
    public var origin: Origin? { history.last?.origin }
}

extension ConfigValue: Equatable {
    /// Structural equality of values, ignoring positions and history. Floats compare by value,
    /// except that NaN equals NaN (a config that says `nan` twice says the same thing).
    public static func == (a: ConfigValue, b: ConfigValue) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.int(let x), .int(let y)): return x == y
        case (.float(let x), .float(let y)): return x == y || (x.isNaN && y.isNaN)
        case (.string(let x), .string(let y)): return x == y
        case (.timestamp(let x), .timestamp(let y)): return x == y
        case (.list(let x), .list(let y)), (.tuple(let x), .tuple(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { $0.value == $1.value }
        case (.mapping(let x), .mapping(let y)):
            return x.count == y.count
                && zip(x, y).allSatisfy { $0.key == $1.key && $0.value.value == $1.value.value }
        default: return false
        }
    }
}
