import Foundation

/// Values written the way Python's `repr` writes them (`(1.0, 45)`, `[1, 2]`, `{'a': 1}`, `None`,
/// `True`, `1e-05`), so that mmengine users recognise them in a diff: mmengine prints configs as
/// Python.
public enum PythonRepr {
    public static func render(_ value: ConfigValue) -> String {
        var out = ""
        write(value, into: &out)
        return out
    }

    private static func write(_ value: ConfigValue, into out: inout String) {
        switch value {
        case .null: out += "None"
        case .bool(let flag): out += flag ? "True" : "False"
        case .int(let number): out += String(number)
        case .float(let number): out += PythonFloat.repr(number)
        case .string(let text): out += string(text)
        // Python would show datetime.date(…); the ISO text is what the YAML file said.
        case .timestamp(let text): out += text
        case .list(let items):
            out += "["
            writeItems(items, into: &out)
            out += "]"
        case .tuple(let items):
            out += "("
            writeItems(items, into: &out)
            out += items.count == 1 ? ",)" : ")"
        case .mapping(let entries):
            out += "{"
            var first = true
            for (key, node) in entries {
                if !first { out += ", " }
                first = false
                out += key.stringValue.map { string($0) } ?? key.description
                out += ": "
                write(node.value, into: &out)
            }
            out += "}"
        }
    }

    private static func writeItems(_ items: [ConfigNode], into out: inout String) {
        for (index, item) in items.enumerated() {
            if index > 0 { out += ", " }
            write(item.value, into: &out)
        }
    }

    /// Python's `repr(str)`: single quotes unless the text has a single quote and no double quote;
    /// `\t \n \r`, the quote and backslashes escaped; unprintable characters as `\xhh`, `\uhhhh` or
    /// `\Uhhhhhhhh`. With `escapingDoubleBraces`, `{{` is written `\x7b{`.
    public static func string(_ s: String, escapingDoubleBraces: Bool = false) -> String {
        let quote: Unicode.Scalar = s.contains("'") && !s.contains("\"") ? "\"" : "'"
        var out = String(quote)
        let scalars = Array(s.unicodeScalars)
        for (index, c) in scalars.enumerated() {
            switch c {
            case quote, "\\": out += "\\" + String(c)
            case "\t": out += "\\t"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "{" where escapingDoubleBraces && index + 1 < scalars.count && scalars[index + 1] == "{":
                out += "\\x7b"
            default:
                if c.value < 0x20 || c.value == 0x7F {
                    out += "\\x" + hex(c.value, width: 2)
                } else if c.value < 0x7F || isPrintable(c) {
                    out.unicodeScalars.append(c)
                } else if c.value <= 0xFF {
                    out += "\\x" + hex(c.value, width: 2)
                } else if c.value <= 0xFFFF {
                    out += "\\u" + hex(c.value, width: 4)
                } else {
                    out += "\\U" + hex(c.value, width: 8)
                }
            }
        }
        out.unicodeScalars.append(quote)
        return out
    }

    /// Python's `str.isprintable` for one non-ASCII character (per this Swift's Unicode tables,
    /// which only decides between a character and its escape; both read back the same).
    private static func isPrintable(_ c: Unicode.Scalar) -> Bool {
        switch c.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned, .lineSeparator, .paragraphSeparator, .spaceSeparator:
            return false
        default:
            return true
        }
    }

    /// Lower-case hex digits of `value`, zero-padded to `width` (escapes in every writer).
    static func hex(_ value: UInt32, width: Int) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// Python's name for the type of a value (`int`, `float`, `str`, `tuple`, `dict`, …).
    public static func typeName(_ value: ConfigValue) -> String {
        switch value {
        case .null: return "None"
        case .bool: return "bool"
        case .int: return "int"
        case .float: return "float"
        case .string: return "str"
        case .timestamp: return "datetime"
        case .list: return "list"
        case .tuple: return "tuple"
        case .mapping: return "dict"
        }
    }
}
