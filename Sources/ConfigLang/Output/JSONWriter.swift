/// Writes a config as JSON the way Python's `json.dumps` does for mmengine configs, so tools that
/// read mmengine's JSON read ours: tuples become arrays and integer keys become strings (JSON has
/// neither), NaN and infinities are written `NaN`, `Infinity`, `-Infinity` as Python does.
/// A mapping that holds both the integer key 1 and the string key "1" cannot be written.
public enum JSONWriter {
    public static func write(_ node: ConfigNode, indent: Int = 2) throws -> String {
        var out = ""
        try write(node, level: 0, indent: indent, into: &out)
        return out + "\n"
    }

    /// The config and where each scalar (and empty collection) got its final value:
    /// `{"config": <as write(_:)>, "origins": {"a.b": "file:line:col", "a.list.0": …}}`. Paths are
    /// dotted from `path` (the `--key` that selected `node`; empty for the whole config), list items
    /// by index, as `${a.b}` references and `--key` name them. Values without a known origin are
    /// left out; two values with the same path (a key containing a dot) are an error.
    public static func writeWithOrigins(_ node: ConfigNode, path: String = "", indent: Int = 2) throws -> String {
        let pad = String(repeating: " ", count: indent)
        var out = "{\n" + pad + quoted("config") + ": "
        try write(node, level: 1, indent: indent, into: &out)
        var seen = Set<String>()
        var lines: [String] = []
        var failure: ConfigError?
        leafOrigins(node, path: path) { leafPath, leaf, origin in
            guard failure == nil else { return }
            guard seen.insert(leafPath).inserted else {
                failure = ConfigError(.unsupportedValue, "two values have the path '\(leafPath)' (a key contains a dot), so their origins cannot be told apart in JSON (use --format yaml)", at: leaf.keyLocation ?? leaf.location)
                return
            }
            lines.append(pad + pad + quoted(leafPath) + ": " + quoted(origin.description))
        }
        if let failure { throw failure }
        out += ",\n" + pad + quoted("origins") + ": "
        out += lines.isEmpty ? "{}" : "{\n" + lines.joined(separator: ",\n") + "\n" + pad + "}"
        return out + "\n}\n"
    }

    /// Calls `body` for every scalar and empty collection under `node` with its dotted path.
    static func leafOrigins(_ node: ConfigNode, path: String, _ body: (String, ConfigNode, Origin) -> Void) {
        func join(_ segment: String) -> String { path.isEmpty ? segment : path + "." + segment }
        switch node.value {
        case .mapping(let entries) where !entries.isEmpty:
            for (key, child) in entries { leafOrigins(child, path: join(key.description), body) }
        case .list(let items) where !items.isEmpty, .tuple(let items) where !items.isEmpty:
            for (index, item) in items.enumerated() { leafOrigins(item, path: join(String(index)), body) }
        default:
            if let origin = node.origin { body(path, node, origin) }
        }
    }

    private static func write(_ node: ConfigNode, level: Int, indent: Int, into out: inout String) throws {
        let inner = String(repeating: " ", count: (level + 1) * indent)
        let closing = String(repeating: " ", count: level * indent)
        switch node.value {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .float(let f):
            out += f.isNaN ? "NaN" : f.isInfinite ? (f < 0 ? "-Infinity" : "Infinity") : PythonFloat.repr(f)
        case .string(let s), .timestamp(let s): out += quoted(s)
        case .list(let items), .tuple(let items):
            guard !items.isEmpty else { out += "[]"; return }
            out += "[\n"
            for (index, item) in items.enumerated() {
                out += inner
                try write(item, level: level + 1, indent: indent, into: &out)
                out += index + 1 < items.count ? ",\n" : "\n"
            }
            out += closing + "]"
        case .mapping(let entries):
            guard !entries.isEmpty else { out += "{}"; return }
            var seen = Set<String>()
            out += "{\n"
            for (index, entry) in entries.enumerated() {
                let name = entry.key.description
                guard seen.insert(name).inserted else {
                    throw ConfigError(.unsupportedValue, "the mapping has both the integer key \(name) and the string key \"\(name)\"; JSON cannot tell them apart (use --format yaml)", at: entry.value.keyLocation ?? entry.value.location)
                }
                out += inner + quoted(name) + ": "
                try write(entry.value, level: level + 1, indent: indent, into: &out)
                out += index + 1 < entries.count ? ",\n" : "\n"
            }
            out += closing + "}"
        }
    }

    /// A JSON string literal (also used by other JSON outputs, e.g. `strata runs --format json`).
    public static func quoted(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let digits = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - digits.count) + digits
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
