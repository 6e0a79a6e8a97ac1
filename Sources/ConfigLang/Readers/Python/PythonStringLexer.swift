/// String literals: single, double and triple quotes, `r` (raw) and `u` prefixes, and Python's
/// backslash escapes. f-strings are lexed in PythonFStringLexer; bytes are an unsupported construct.
extension PythonTokenizer {
    mutating func lexString(prefix: String, start: SourceLocation) throws {
        if prefix.contains("f") {
            try lexFString(raw: prefix.contains("r"), start: start)
            return
        }
        if prefix.contains("b") { throw PythonSyntax.unsupported("bytes literal", at: start) }
        let raw = prefix.contains("r")
        guard let quote = peek() else { return }
        let triple = peek(1) == quote && peek(2) == quote
        for _ in 0..<(triple ? 3 : 1) { advance() }
        var value = ""
        while true {
            guard let c = peek() else {
                let kind = triple ? "unterminated triple-quoted string literal" : "unterminated string literal"
                throw PythonSyntax.syntax("\(kind) (detected at line \(line))", at: start)
            }
            if c == quote {
                if !triple {
                    advance()
                    break
                }
                if peek(1) == quote && peek(2) == quote {
                    advance(); advance(); advance()
                    break
                }
                value.unicodeScalars.append(c)
                advance()
            } else if Self.isNewline(c) {
                guard triple else {
                    throw PythonSyntax.syntax("unterminated string literal (detected at line \(line))", at: start)
                }
                advance()
                if c == "\r" && peek() == "\n" { advance() }
                value += "\n"
            } else if c == "\\" {
                let escapeStart = here
                advance()
                guard let next = peek() else { continue }
                if raw {
                    value += "\\"
                    if Self.isNewline(next) {
                        advance()
                        if next == "\r" && peek() == "\n" { advance() }
                        value += "\n"
                    } else {
                        value.unicodeScalars.append(next)
                        advance()
                    }
                } else {
                    try lexEscape(into: &value, at: escapeStart)
                }
            } else {
                value.unicodeScalars.append(c)
                advance()
            }
        }
        emit(.string(value), at: start)
    }

    /// Reads the escape after a backslash (the backslash is consumed).
    mutating func lexEscape(into value: inout String, at escapeStart: SourceLocation) throws {
        guard let c = peek() else { return }
        let simple: [Unicode.Scalar: String] = [
            "\\": "\\", "'": "'", "\"": "\"", "a": "\u{07}", "b": "\u{08}", "f": "\u{0C}",
            "n": "\n", "r": "\r", "t": "\t", "v": "\u{0B}",
        ]
        if let text = simple[c] {
            advance()
            value += text
            return
        }
        if Self.isNewline(c) {
            advance()
            if c == "\r" && peek() == "\n" { advance() }
            return
        }
        if Self.isDigit(c, radix: 8) {
            var code: UInt32 = 0
            var count = 0
            while count < 3, let d = peek(), Self.isDigit(d, radix: 8) {
                code = code * 8 + (d.value - 0x30)
                advance()
                count += 1
            }
            value.unicodeScalars.append(Unicode.Scalar(code)!)
            return
        }
        let hexCount: Int
        switch c {
        case "x": hexCount = 2
        case "u": hexCount = 4
        case "U": hexCount = 8
        case "N": throw PythonSyntax.unsupported("'\\N{...}' escape (write the character itself)", at: escapeStart)
        default:
            // Python keeps unknown escapes as written (with a warning).
            value += "\\"
            value.unicodeScalars.append(c)
            advance()
            return
        }
        advance()
        var code: UInt32 = 0
        for _ in 0..<hexCount {
            guard let d = peek(), Self.isDigit(d, radix: 16), let digit = UInt32(String(d), radix: 16) else {
                throw PythonSyntax.syntax("truncated \\\(c)\(String(repeating: "X", count: hexCount)) escape", at: escapeStart)
            }
            code = code &* 16 &+ digit
            advance()
        }
        if (0xD800...0xDFFF).contains(code) {
            throw ConfigError(.unsupportedValue, "lone surrogate \\\(c)\(String(code, radix: 16)) cannot be held in a string", at: escapeStart)
        }
        guard let scalar = Unicode.Scalar(code) else {
            throw PythonSyntax.syntax("illegal Unicode character in \\\(c) escape", at: escapeStart)
        }
        value.unicodeScalars.append(scalar)
    }
}
