import Foundation

/// Writes a config as a Python config file that both mmengine 0.10.7's `Config.fromfile` (which
/// executes it) and strata's own Python reader (which reads it as data) load to exactly the same
/// dict: key order, tuples (`(1,)`, `()`), integer keys and every float bit for bit.
///
/// - The top level is one `NAME = value` line per key, so each key must be a Python identifier
///   (not a keyword, already NFKC-normalized); any other top-level key is an error at the key.
/// - A mapping is `dict(k=v, ...)` when every key is such an identifier,
///   otherwise a `{k: v}` display with `repr`-style keys. When the config has a top-level key named
///   `dict` (which rebinds the name), every mapping is a display.
/// - Floats are `PythonFloat.repr`; infinity is `1e999` (a literal that overflows to inf in Python
///   and in strata), minus infinity `-1e999`, NaN `1e999 - 1e999` (inf - inf), since names such as
///   `float` cannot be called in a data-only config.
/// - Strings are quoted like Python's `repr`; additionally the first `{` of every `{{` is written
///   `\x7b`, so that mmengine's text substitutions (`{{ fileDirname }}`, `{{$ENV:x}}`,
///   `{{ _base_.x }}`) cannot fire on a string that merely contains them.
/// - Timestamps have no Python literal (mmengine would need `import datetime`): an error.
///
/// Layout: mappings and lists holding collections get one entry per line, 4-space indentation and
/// trailing commas; lists and tuples of scalars that fit in `inlineWidth` columns stay on one line.
/// The text is a pure function of the value (stable). With `origins`, every leaf (a scalar, an empty
/// collection or a one-line collection) carries a trailing comment with `node.origin`.
public enum PythonWriter {
    /// The longest one-line list or tuple written inline.
    public static let inlineWidth = 80

    public static func write(_ node: ConfigNode, origins: Bool = false) throws -> String {
        guard case .mapping(let entries) = node.value else {
            throw ConfigError(.unsupportedValue, "a Python config is a mapping of names; this value is a \(node.value.kindName) (use --format yaml or json)", at: node.location)
        }
        var writer = Writer(origins: origins, useDisplays: entries[.string("dict")] != nil)
        for (key, child) in entries {
            guard case .string(let name) = key, isIdentifier(name) else {
                let why = key.stringValue == nil ? "an integer" : PythonSyntax.keywords.contains(key.description) ? "a Python keyword" : "not a Python identifier"
                throw ConfigError(.unsupportedValue, "the top-level key \(keyText(key)) is \(why), so it cannot be a name in a Python config (use --format yaml or json)", at: child.keyLocation ?? child.location)
            }
            writer.out += name + " = "
            try writer.value(child, level: 0)
            writer.endLine(child, suffix: "")
        }
        return writer.out
    }

    private struct Writer {
        let origins: Bool
        let useDisplays: Bool
        var out = ""

        /// Writes the value starting at the current position; a multi-line value ends at its
        /// closing bracket, which sits at `level`'s indentation.
        mutating func value(_ node: ConfigNode, level: Int) throws {
            switch node.value {
            case .mapping(let entries):
                guard !entries.isEmpty else { out += "{}"; return }
                let asCall = !useDisplays && entries.keys.allSatisfy { $0.stringValue.map(PythonWriter.isIdentifier) ?? false }
                out += asCall ? "dict(\n" : "{\n"
                let pad = PythonWriter.indent(level + 1)
                for (key, child) in entries {
                    out += pad + (asCall ? key.description + "=" : PythonWriter.keyText(key) + ": ")
                    try value(child, level: level + 1)
                    endLine(child, suffix: ",")
                }
                out += PythonWriter.indent(level) + (asCall ? ")" : "}")
            case .list(let items), .tuple(let items):
                let isTuple: Bool = { if case .tuple = node.value { return true } else { return false } }()
                if let inline = try PythonWriter.inline(node.value) {
                    out += inline
                    return
                }
                out += isTuple ? "(\n" : "[\n"
                let pad = PythonWriter.indent(level + 1)
                for item in items {
                    out += pad
                    try value(item, level: level + 1)
                    endLine(item, suffix: ",")
                }
                out += PythonWriter.indent(level) + (isTuple ? ")" : "]")
            default:
                out += try PythonWriter.scalar(node)
            }
        }

        /// Ends the line of an entry: the separator, and the origin comment when the entry is a leaf.
        mutating func endLine(_ node: ConfigNode, suffix: String) {
            out += suffix
            if origins, PythonWriter.isLeaf(node.value), let origin = node.origin {
                out += "  # " + PythonWriter.commentText(origin.description)
            }
            out += "\n"
        }
    }

    /// A value written on one line: a scalar, an empty collection or a short list/tuple of those.
    static func isLeaf(_ value: ConfigValue) -> Bool {
        switch value {
        case .mapping(let entries): return entries.isEmpty
        case .list, .tuple: return (try? inline(value)) != nil
        default: return true
        }
    }

    /// The one-line text of a list or tuple of scalars (and empty collections) that fits, else nil.
    static func inline(_ value: ConfigValue) throws -> String? {
        guard let items = value.sequenceItems else { return nil }
        let isTuple: Bool = { if case .tuple = value { return true } else { return false } }()
        var parts: [String] = []
        for item in items {
            switch item.value {
            case .mapping(let entries):
                guard entries.isEmpty else { return nil }
                parts.append("{}")
            case .list(let inner), .tuple(let inner):
                guard inner.isEmpty else { return nil }
                if case .list = item.value { parts.append("[]") } else { parts.append("()") }
            default:
                parts.append(try scalar(item))
            }
        }
        let text: String
        if isTuple {
            text = parts.count == 1 ? "(" + parts[0] + ",)" : "(" + parts.joined(separator: ", ") + ")"
        } else {
            text = "[" + parts.joined(separator: ", ") + "]"
        }
        return items.isEmpty || text.count <= inlineWidth ? text : nil
    }

    static func scalar(_ node: ConfigNode) throws -> String {
        switch node.value {
        case .null: return "None"
        case .bool(let b): return b ? "True" : "False"
        case .int(let i): return String(i)
        case .float(let f): return floatText(f)
        case .string(let s): return quoted(s)
        case .timestamp(let t):
            throw ConfigError(.unsupportedValue, "the timestamp \(t) has no Python literal (a Python config would need `import datetime`); use --format yaml", at: node.location)
        case .list, .tuple, .mapping:
            preconditionFailure("scalar(_:) of a collection")
        }
    }

    /// Python literals that read back to the same double in Python and in strata.
    static func floatText(_ value: Double) -> String {
        if value.isNaN { return "1e999 - 1e999" }
        if value.isInfinite { return value < 0 ? "-1e999" : "1e999" }
        return PythonFloat.repr(value)
    }

    static func keyText(_ key: ConfigKey) -> String {
        switch key {
        case .int(let i): return String(i)
        case .string(let s): return quoted(s)
        }
    }

    /// A Python identifier that names itself: XID_Start then XID_Continue characters, not a
    /// keyword, and already in NFKC form (Python normalizes identifiers with NFKC, so `ﬁ` would
    /// name `fi`).
    static func isIdentifier(_ s: String) -> Bool {
        guard let first = s.unicodeScalars.first, first == "_" || isASCIILetter(first) || (first.value > 0x7F && first.properties.isXIDStart) else { return false }
        let valid = s.unicodeScalars.allSatisfy {
            $0 == "_" || isASCIILetter($0) || ("0"..."9").contains($0) || ($0.value > 0x7F && $0.properties.isXIDContinue)
        }
        guard valid, !PythonSyntax.keywords.contains(s) else { return false }
        return s.unicodeScalars.allSatisfy({ $0.isASCII })
            || Array(s.precomposedStringWithCompatibilityMapping.unicodeScalars) == Array(s.unicodeScalars)
    }

    private static func isASCIILetter(_ c: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(c) || ("A"..."Z").contains(c)
    }

    static func indent(_ level: Int) -> String { String(repeating: " ", count: 4 * level) }

    /// A Python string literal for `s` (see `PythonRepr.string`); `{{` is written `\x7b{` so that
    /// mmengine's text substitutions cannot fire on a string that merely contains `{{`.
    public static func quoted(_ s: String) -> String {
        PythonRepr.string(s, escapingDoubleBraces: true)
    }

    /// An origin on one comment line.
    static func commentText(_ text: String) -> String {
        var out = ""
        for c in text.unicodeScalars {
            switch c {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }
}
