/// Reads an override's text in the type of the value it replaces: `--seed 3` must be an integer
/// because `seed` is one, `--grad_ckpt_settings "(4, 4)"` a tuple (never a tuple of characters),
/// `--model.from_pretrained ckpt/x` stays a string even if it looks like a number.
enum OverrideValue {
    struct Mismatch: Error {
        var expected: String
    }

    /// The value for `text` where the old value was `old` (nil: a new key). A key whose old value
    /// says nothing of its type (none, or null) is read in the kind a schema declares for it, and
    /// otherwise inferred.
    static func read(_ text: String, replacing old: ConfigValue?, declared: ValueKind? = nil) throws -> ConfigValue {
        let trimmed = text.trimmingWhitespace
        if !isNullWord(trimmed) {
            if let old, old != .null { return try typed(trimmed, raw: text, like: old) }
            if let prototype = declared?.prototype { return try typed(trimmed, raw: text, like: prototype) }
        }
        var reader = LiteralReader(trimmed)
        return try reader.readWhole()
    }

    static func isNullWord(_ s: String) -> Bool { s == "null" || s == "None" || s == "~" }

    /// A string that is exactly one late-bound reference, `${a.b}`.
    static func isWholeReference(_ s: String) -> Bool {
        s.hasPrefix("${") && s.hasSuffix("}") && s.dropFirst(2).firstIndex(of: "$") == nil && s.filter { $0 == "}" }.count == 1
    }

    private static func typed(_ text: String, raw: String, like old: ConfigValue) throws -> ConfigValue {
        switch old {
        case .null:
            var reader = LiteralReader(text)
            return try reader.readWhole()
        case .string(let reference) where isWholeReference(reference):
            // `optim.lr: ${lr}` has no type of its own until resolved: read the text as a literal
            // (`1e-4` is a float), or as the string it is when it is no literal.
            var reader = LiteralReader(text)
            return (try? reader.readWhole()) ?? .string(raw)
        case .string, .timestamp:
            // The text as given: a path like `1e3` or `yes` stays a string.
            return .string(raw)
        case .bool:
            guard let value = boolean(text) else { throw Mismatch(expected: "a boolean (true or false)") }
            return .bool(value)
        case .int:
            guard let value = integer(text) else { throw Mismatch(expected: "an integer") }
            return .int(value)
        case .float:
            if let value = integer(text) { return .float(Double(value)) }
            guard let value = float(text) else { throw Mismatch(expected: "a number") }
            return .float(value)
        case .list(let items), .tuple(let items):
            let isTuple: Bool
            if case .tuple = old { isTuple = true } else { isTuple = false }
            var reader = LiteralReader(text)
            let parsed = try reader.readWhole()
            guard let newItems = parsed.sequenceItems else {
                throw Mismatch(expected: isTuple ? "a tuple like (1, 2)" : "a list like [1, 2]")
            }
            let coerced = newItems.enumerated().map { index, node in
                coerceNumber(node, toMatch: index < items.count ? items[index].value : items.first?.value)
            }
            return isTuple ? .tuple(coerced) : .list(coerced)
        case .mapping:
            var reader = LiteralReader(text)
            let parsed = try reader.readWhole()
            guard case .mapping = parsed else { throw Mismatch(expected: "a mapping like {a: 1}") }
            return parsed
        }
    }

    /// `[1, 2]` over `[0.5, 0.5]` means floats.
    private static func coerceNumber(_ node: ConfigNode, toMatch old: ConfigValue?) -> ConfigNode {
        guard case .float = old, case .int(let i) = node.value else { return node }
        var node = node
        node.value = .float(Double(i))
        return node
    }

    static func boolean(_ s: String) -> Bool? {
        switch s.lowercased() {
        case "true", "yes", "on", "1": return true
        case "false", "no", "off", "0": return false
        default: return nil
        }
    }

    static func integer(_ s: String) -> Int64? {
        let cleaned = s.replacingUnderscoresBetweenDigits
        var body = Substring(cleaned)
        var sign = ""
        if let first = body.first, first == "-" || first == "+" {
            sign = first == "-" ? "-" : ""
            body = body.dropFirst()
        }
        for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] where body.lowercased().hasPrefix(prefix) {
            return Int64(sign + body.dropFirst(2), radix: radix)
        }
        return Int64(cleaned)
    }

    static func float(_ s: String) -> Double? {
        let cleaned = s.replacingUnderscoresBetweenDigits
        switch cleaned.lowercased() {
        case "inf", "+inf", "infinity", ".inf": return .infinity
        case "-inf", "-infinity", "-.inf": return -.infinity
        case "nan", ".nan": return .nan
        default: break
        }
        guard cleaned.contains(where: { $0.isNumber }), !cleaned.lowercased().contains("x") else { return nil }
        return Double(cleaned)
    }
}

extension String {
    var trimmingWhitespace: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(scalars[first...last])
    }

    /// `1_000` → `1000`, as Python and YAML allow; an underscore elsewhere makes the text invalid.
    var replacingUnderscoresBetweenDigits: String {
        guard contains("_") else { return self }
        let characters = Array(self)
        var out = ""
        for (i, c) in characters.enumerated() {
            if c == "_" {
                guard i > 0, i + 1 < characters.count, characters[i - 1].isHexDigit, characters[i + 1].isHexDigit else { return "_invalid_" }
                continue
            }
            out.append(c)
        }
        return out
    }
}
