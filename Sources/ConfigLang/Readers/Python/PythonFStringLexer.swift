/// f-strings, as Python 3.11 lexes them: literal text with `{{`/`}}` escapes, and replacement
/// fields `{expr!conv:spec}` whose expression may hold brackets and strings in the other quote
/// (never the enclosing quote, never a backslash). The expression text is kept with its position
/// and parsed later, so errors inside it point into the file.
extension PythonTokenizer {
    mutating func lexFString(raw: Bool, start: SourceLocation) throws {
        guard let quote = peek() else { return }
        let triple = peek(1) == quote && peek(2) == quote
        for _ in 0..<(triple ? 3 : 1) { advance() }
        let parts = try lexFStringParts(quote: quote, triple: triple, raw: raw, start: start, inSpec: false)
        emit(.fstring(parts), at: start)
    }

    func unterminated(_ triple: Bool, _ start: SourceLocation) -> ConfigError {
        let kind = triple ? "unterminated triple-quoted string literal" : "unterminated string literal"
        return PythonSyntax.syntax("\(kind) (detected at line \(line))", at: start)
    }

    /// Literal text and fields up to the closing quote (consumed) or, in a format spec, up to the
    /// `}` that closes the field (not consumed).
    mutating func lexFStringParts(quote: Unicode.Scalar, triple: Bool, raw: Bool, start: SourceLocation, inSpec: Bool) throws -> [PythonRawFStringPart] {
        var parts: [PythonRawFStringPart] = []
        var text = ""
        func flush() {
            if !text.isEmpty { parts.append(.literal(text)) }
            text = ""
        }
        while true {
            guard let c = peek() else { throw unterminated(triple, start) }
            if c == quote && (!triple || (peek(1) == quote && peek(2) == quote)) {
                if inSpec { throw PythonSyntax.syntax("f-string: expecting '}'", at: here) }
                for _ in 0..<(triple ? 3 : 1) { advance() }
                flush()
                return parts
            }
            if Self.isNewline(c) && !triple { throw unterminated(triple, start) }
            if c == "}" && inSpec {
                flush()
                return parts
            }
            if c == "{" && !inSpec && peek(1) == "{" {
                advance(); advance()
                text += "{"
            } else if c == "}" && peek(1) == "}" {
                advance(); advance()
                text += "}"
            } else if c == "}" {
                throw PythonSyntax.syntax("f-string: single '}' is not allowed", at: here)
            } else if c == "{" {
                flush()
                advance()
                parts.append(try lexFStringField(quote: quote, triple: triple, raw: raw, start: start))
            } else if c == "\\" && !raw {
                let escapeStart = here
                advance()
                try lexEscape(into: &text, at: escapeStart)
            } else {
                if Self.isNewline(c) {
                    advance()
                    if c == "\r" && peek() == "\n" { advance() }
                    text += "\n"
                    continue
                }
                text.unicodeScalars.append(c)
                advance()
            }
        }
    }

    /// After the `{` of a field: the expression text, `!conv`, `:spec`, up to and past the `}`.
    mutating func lexFStringField(quote: Unicode.Scalar, triple: Bool, raw: Bool, start: SourceLocation) throws -> PythonRawFStringPart {
        let fieldLine = line, fieldColumn = column
        let fieldStart = here
        var expression = ""
        var depth = 0
        var innerQuote: Unicode.Scalar?
        var conversion: Unicode.Scalar?
        var spec: [PythonRawFStringPart] = []
        scan: while true {
            guard let c = peek() else { throw unterminated(triple, start) }
            if c == quote && (!triple || (peek(1) == quote && peek(2) == quote)) {
                throw PythonSyntax.syntax("f-string: expecting '}'", at: here)
            }
            if c == "\\" { throw PythonSyntax.syntax("f-string expression part cannot include a backslash", at: here) }
            if let q = innerQuote {
                if c == q { innerQuote = nil }
            } else if c == "'" || c == "\"" {
                innerQuote = c
            } else if "([{".unicodeScalars.contains(c) {
                depth += 1
            } else if ")]".unicodeScalars.contains(c) || (c == "}" && depth > 0) {
                depth -= 1
            } else if depth == 0 {
                switch c {
                case "}":
                    break scan
                case "!" where peek(1) != "=":
                    advance()
                    guard let conv = peek(), conv == "s" || conv == "r" || conv == "a" else {
                        throw PythonSyntax.syntax("f-string: invalid conversion character: expected 's', 'r', or 'a'", at: here)
                    }
                    conversion = conv
                    advance()
                    guard peek() == ":" || peek() == "}" else { throw PythonSyntax.syntax("f-string: expecting '}'", at: here) }
                    continue scan
                case ":":
                    advance()
                    spec = try lexFStringParts(quote: quote, triple: triple, raw: raw, start: start, inSpec: true)
                    break scan
                case "=" where peek(1) != "=" && !(expression.unicodeScalars.last.map { "=!<>".unicodeScalars.contains($0) } ?? false):
                    throw PythonSyntax.unsupported("self-documenting f-string field '{expr=}'", at: here)
                case "#":
                    throw PythonSyntax.syntax("f-string expression part cannot include '#'", at: here)
                default:
                    break
                }
            }
            if conversion != nil {
                throw PythonSyntax.syntax("f-string: expecting '}'", at: here)
            }
            if Self.isNewline(c) && !triple { throw unterminated(triple, start) }
            expression.unicodeScalars.append(c)
            advance()
        }
        guard peek() == "}" else { throw PythonSyntax.syntax("f-string: expecting '}'", at: here) }
        advance()
        if expression.allSatisfy(\.isWhitespace) {
            throw PythonSyntax.syntax("f-string: empty expression not allowed", at: fieldStart)
        }
        return .field(text: expression, line: fieldLine, column: fieldColumn, conversion: conversion, spec: spec)
    }
}
