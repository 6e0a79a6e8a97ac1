/// The tags PyYAML's resolver and constructor know about, plus any other tag by its full text.
enum YAMLTag: Equatable {
    case null, bool, int, float, str, timestamp
    /// `<<`: only meaningful as a mapping key.
    case merge
    /// `=`: YAML 1.1's "default value" key; PyYAML turns it into a string key and cannot build it
    /// anywhere else.
    case value
    case seq, map
    case pythonTuple
    case other(String)

    static let prefix = "tag:yaml.org,2002:"

    /// From the tag text libyaml gives (handles already expanded: `!!int` is `tag:yaml.org,2002:int`).
    init(_ text: String) {
        guard text.hasPrefix(Self.prefix) else {
            self = .other(text)
            return
        }
        switch text.dropFirst(Self.prefix.count) {
        case "null": self = .null
        case "bool": self = .bool
        case "int": self = .int
        case "float": self = .float
        case "str": self = .str
        case "timestamp": self = .timestamp
        case "merge": self = .merge
        case "value": self = .value
        case "seq": self = .seq
        case "map": self = .map
        case "python/tuple": self = .pythonTuple
        default: self = .other(text)
        }
    }

    /// The tag as users write it (`!!set`, `!foo`), for messages.
    var shorthand: String {
        let full: String
        switch self {
        case .null: full = "null"
        case .bool: full = "bool"
        case .int: full = "int"
        case .float: full = "float"
        case .str: full = "str"
        case .timestamp: full = "timestamp"
        case .merge: full = "merge"
        case .value: full = "value"
        case .seq: full = "seq"
        case .map: full = "map"
        case .pythonTuple: full = "python/tuple"
        case .other(let text):
            return text.hasPrefix(Self.prefix) ? "!!" + text.dropFirst(Self.prefix.count) : text
        }
        return "!!" + full
    }
}
