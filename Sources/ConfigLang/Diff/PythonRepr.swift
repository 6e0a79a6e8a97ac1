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
                out += key.stringValue.map(string) ?? key.description
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

    /// Python's string repr: single quotes unless the text holds a single quote and no double one.
    public static func string(_ text: String) -> String {
        let quote: Character = text.contains("'") && !text.contains("\"") ? "\"" : "'"
        var out = String(quote)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if Character(scalar) == quote {
                    out += "\\" + String(quote)
                } else if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += String(format: "\\x%02x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out.append(quote)
        return out
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
