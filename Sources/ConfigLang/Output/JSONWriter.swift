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

    static func quoted(_ s: String) -> String {
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
