/// Writes a config as block-style YAML that reads back (with strata or PyYAML) to the same value:
/// integer keys stay plain integers, string keys that look like numbers are quoted, tuples are
/// tagged `!!python/tuple`, floats are always written in a form YAML 1.1 reads as a float.
/// Key order is the config's order; the output is a pure function of the value (stable).
/// With `origins`, every value written on one line (a scalar or a flow collection) carries a
/// trailing comment with `node.origin` (`# configs/train/stage1.yaml:12:3`).
public enum YAMLWriter {
    public static func write(_ node: ConfigNode, origins: Bool = false) -> String {
        var out = ""
        switch node.value {
        case .mapping(let entries) where !entries.isEmpty:
            writeMapping(entries, indent: 0, origins: origins, into: &out)
        default:
            out = inline(node.value) + comment(node, origins) + "\n"
        }
        return out
    }

    private static func writeMapping(_ entries: ConfigMapping, indent: Int, origins: Bool, into out: inout String) {
        let pad = String(repeating: " ", count: indent)
        for (key, child) in entries {
            out += pad + keyText(key) + ":"
            writeValue(child, indent: indent, origins: origins, into: &out)
        }
    }

    /// `  # origin` when origins are asked for and known.
    private static func comment(_ node: ConfigNode, _ origins: Bool) -> String {
        guard origins, let origin = node.origin else { return "" }
        return "  # " + PythonWriter.commentText(origin.description)
    }

    /// Writes what follows `key:` or `-`: a scalar or flow collection on the same line, otherwise
    /// a nested block on the following lines.
    private static func writeValue(_ node: ConfigNode, indent: Int, origins: Bool, into out: inout String) {
        switch node.value {
        case .mapping(let entries) where !entries.isEmpty:
            out += "\n"
            writeMapping(entries, indent: indent + 2, origins: origins, into: &out)
        case .list(let items) where !items.isEmpty && !items.allSatisfy({ isFlowable($0.value) }):
            out += "\n"
            writeSequence(items, indent: indent + 2, origins: origins, into: &out)
        case .tuple(let items) where !items.isEmpty && !items.allSatisfy({ isFlowable($0.value) }):
            out += " !!python/tuple\n"
            writeSequence(items, indent: indent + 2, origins: origins, into: &out)
        default:
            out += " " + inline(node.value) + comment(node, origins) + "\n"
        }
    }

    private static func writeSequence(_ items: [ConfigNode], indent: Int, origins: Bool, into out: inout String) {
        let pad = String(repeating: " ", count: indent)
        for item in items {
            if case .mapping(let entries) = item.value, !entries.isEmpty {
                // The first entry shares the dash's line; the rest align under it.
                var block = ""
                writeMapping(entries, indent: indent + 2, origins: origins, into: &block)
                out += pad + "- " + block.dropFirst(indent + 2)
            } else {
                out += pad + "-"
                writeValue(item, indent: indent, origins: origins, into: &out)
            }
        }
    }

    /// Scalars and collections of scalars go on one line.
    private static func isFlowable(_ value: ConfigValue) -> Bool {
        switch value {
        case .mapping(let entries): return entries.isEmpty
        case .list(let items), .tuple(let items): return items.allSatisfy { isScalar($0.value) }
        default: return true
        }
    }

    private static func isScalar(_ value: ConfigValue) -> Bool {
        switch value {
        case .mapping, .list, .tuple: return false
        default: return true
        }
    }

    static func inline(_ value: ConfigValue) -> String {
        switch value {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .float(let f): return floatText(f)
        case .string(let s): return stringText(s)
        case .timestamp(let s): return s
        case .list(let items): return "[" + items.map { inline($0.value) }.joined(separator: ", ") + "]"
        case .tuple(let items): return "!!python/tuple [" + items.map { inline($0.value) }.joined(separator: ", ") + "]"
        case .mapping(let entries):
            return "{" + entries.map { keyText($0.key) + ": " + inline($0.value.value) }.joined(separator: ", ") + "}"
        }
    }

    static func keyText(_ key: ConfigKey) -> String {
        switch key {
        case .int(let i): return String(i)
        case .string(let s): return stringText(s)
        }
    }

    /// YAML 1.1 needs a dot in a float (`1e-05` would read as a string), and spells the specials
    /// `.inf` and `.nan`.
    static func floatText(_ value: Double) -> String {
        if value.isNaN { return ".nan" }
        if value.isInfinite { return value < 0 ? "-.inf" : ".inf" }
        let text = PythonFloat.repr(value)
        if let e = text.firstIndex(of: "e"), !text[..<e].contains(".") {
            return text[..<e] + ".0" + text[e...]
        }
        return text
    }

    /// Plain when the text cannot be read as anything but this string; double-quoted otherwise.
    static func stringText(_ s: String) -> String {
        isSafePlain(s) ? s : doubleQuoted(s)
    }

    /// Deliberately narrow: starts with a letter, underscore or slash, holds only letters, digits and
    /// `_ - . /` and inner single spaces, and is none of YAML 1.1's boolean or null words.
    static func isSafePlain(_ s: String) -> Bool {
        guard let first = s.unicodeScalars.first, let last = s.unicodeScalars.last else { return false }
        guard isASCIILetter(first) || first == "_" || first == "/" else { return false }
        guard last != " " else { return false }
        var previousWasSpace = false
        for scalar in s.unicodeScalars {
            let allowed = isASCIILetter(scalar) || ("0"..."9").contains(scalar) || "_-./".unicodeScalars.contains(scalar)
            if scalar == " " {
                if previousWasSpace { return false }
                previousWasSpace = true
                continue
            }
            previousWasSpace = false
            if !allowed { return false }
        }
        return !reservedWords.contains(s)
    }

    private static func isASCIILetter(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
    }

    private static let reservedWords: Set<String> = [
        "y", "Y", "n", "N",  // YAML 1.1 lists them; PyYAML does not resolve them, other readers might
        "yes", "Yes", "YES", "no", "No", "NO", "true", "True", "TRUE", "false", "False", "FALSE",
        "on", "On", "ON", "off", "Off", "OFF", "null", "Null", "NULL",
    ]

    static func doubleQuoted(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || (0x80..<0xA0).contains(scalar.value)
                    || scalar.value == 0xFEFF || (0xD800...0xDFFF).contains(scalar.value) {
                    out += scalar.value <= 0xFF ? "\\x" + PythonRepr.hex(scalar.value, width: 2).uppercased() : "\\u" + PythonRepr.hex(scalar.value, width: 4).uppercased()
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
