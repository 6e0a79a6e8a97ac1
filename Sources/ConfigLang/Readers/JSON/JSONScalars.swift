/// JSON numbers and strings, as Python's `json` scanner reads them.
extension JSONParser {
    static func isDigit(_ c: Unicode.Scalar?) -> Bool {
        guard let c else { return false }
        return ("0"..."9").contains(c)
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?`, matched greedily like Python's scanner:
    /// what does not fit the pattern is left for the caller (`01` reads `0`, then fails).
    mutating func parseNumber() throws -> ConfigNode {
        let start = here
        var text = ""
        if current == "-" {
            text += "-"
            advance()
        }
        guard Self.isDigit(current) else { throw error("expected a value", at: start) }
        if current == "0" {
            text += "0"
            advance()
        } else {
            while Self.isDigit(current) {
                text.unicodeScalars.append(current!)
                advance()
            }
        }
        var isFloat = false
        if current == ".", index + 1 < scalars.count, Self.isDigit(scalars[index + 1]) {
            isFloat = true
            text += "."
            advance()
            while Self.isDigit(current) {
                text.unicodeScalars.append(current!)
                advance()
            }
        }
        if current == "e" || current == "E" {
            var offset = 1
            if index + 1 < scalars.count, scalars[index + 1] == "+" || scalars[index + 1] == "-" { offset = 2 }
            if index + offset < scalars.count, Self.isDigit(scalars[index + offset]) {
                isFloat = true
                text += "e"
                if offset == 2 { text.unicodeScalars.append(scalars[index + 1]) }
                for _ in 0..<offset { advance() }
                while Self.isDigit(current) {
                    text.unicodeScalars.append(current!)
                    advance()
                }
            }
        }
        if isFloat {
            guard let value = Double(text) else { throw error("invalid number \(text)", at: start) }
            return ConfigNode(.float(value), location: start)
        }
        guard let value = Int64(text) else {
            throw ConfigError(.unsupportedValue, "integer \(text) does not fit in 64 bits (strata keeps integers in 64 bits)", at: start)
        }
        return ConfigNode(.int(value), location: start)
    }

    mutating func parseString() throws -> String {
        let start = here
        advance()  // opening quote
        var value = ""
        while true {
            guard let c = current else { throw error("unterminated string", at: start) }
            if c == "\"" {
                advance()
                return value
            }
            if c.value < 0x20 {
                throw error("invalid control character U+\(Self.hex4(c.value)) in a string (escape it)")
            }
            if c != "\\" {
                value.unicodeScalars.append(c)
                advance()
                continue
            }
            let escapeStart = here
            advance()
            guard let e = current else { throw error("unterminated string", at: start) }
            let simple: [Unicode.Scalar: Unicode.Scalar] = [
                "\"": "\"", "\\": "\\", "/": "/", "b": "\u{08}", "f": "\u{0C}", "n": "\n", "r": "\r", "t": "\t",
            ]
            if let replacement = simple[e] {
                value.unicodeScalars.append(replacement)
                advance()
                continue
            }
            guard e == "u" else { throw error("invalid escape '\\\(Character(e))'", at: escapeStart) }
            advance()
            var code = try hexQuad(at: escapeStart)
            if (0xD800...0xDBFF).contains(code), matches("\\u") {
                let save = (index, line, column)
                advance(); advance()
                let low = try hexQuad(at: escapeStart)
                if (0xDC00...0xDFFF).contains(low) {
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                } else {
                    (index, line, column) = save
                }
            }
            guard let scalar = Unicode.Scalar(code) else {
                throw ConfigError(.unsupportedValue, "lone surrogate \\u\(Self.hex4(code)) cannot be held in a string", at: escapeStart)
            }
            value.unicodeScalars.append(scalar)
        }
    }

    mutating func hexQuad(at escapeStart: SourceLocation) throws -> UInt32 {
        var code: UInt32 = 0
        for _ in 0..<4 {
            guard let d = current, let digit = UInt32(String(d), radix: 16), d.isASCII else {
                throw error("invalid \\uXXXX escape", at: escapeStart)
            }
            code = code * 16 + digit
            advance()
        }
        return code
    }

    static func hex4(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
