/// Splits a Python config file into tokens, the way CPython's tokenizer does for the subset of
/// the language strata reads: logical lines, implicit joining inside brackets, backslash
/// continuation, comments, and no indentation (a config has no blocks).
struct PythonTokenizer {
    let source: SourceText
    let scalars: [Unicode.Scalar]
    var index = 0
    var line = 1
    var column = 1
    var tokens: [PythonToken] = []
    /// Open brackets with their locations.
    var brackets: [(Unicode.Scalar, SourceLocation)] = []
    var lineHasTokens = false
    /// Tokenizing the expression of an f-string field: no indentation, no logical lines.
    var embedded = false

    init(_ source: SourceText) {
        self.source = source
        self.scalars = Array(source.text.unicodeScalars)
    }

    /// A tokenizer for `text`, a piece of `source` that starts at `line`, `column`.
    init(_ source: SourceText, piece text: String, line: Int, column: Int) {
        self.source = source
        self.scalars = Array(text.unicodeScalars)
        self.line = line
        self.column = column
        self.embedded = true
    }

    static func tokenize(_ source: SourceText) throws -> [PythonToken] {
        var tokenizer = PythonTokenizer(source)
        try tokenizer.run()
        return tokenizer.tokens
    }

    var here: SourceLocation { source.location(line: line, column: column) }

    func peek(_ offset: Int = 0) -> Unicode.Scalar? {
        let i = index + offset
        return i < scalars.count ? scalars[i] : nil
    }

    /// Consumes one scalar, counting lines (`\r\n` and a lone `\r` end a line too).
    mutating func advance() {
        guard let c = peek() else { return }
        index += 1
        if c == "\n" || (c == "\r" && peek() != "\n") {
            line += 1
            column = 1
        } else {
            column += 1
        }
    }

    static func isNewline(_ c: Unicode.Scalar?) -> Bool { c == "\n" || c == "\r" }
    static func isBlank(_ c: Unicode.Scalar?) -> Bool { c == " " || c == "\t" || c == "\u{0C}" }

    static func isNameStart(_ c: Unicode.Scalar) -> Bool {
        c == "_" || ("a"..."z").contains(c) || ("A"..."Z").contains(c)
            || (c.value > 0x7F && c.properties.isXIDStart)
    }

    static func isNameContinue(_ c: Unicode.Scalar) -> Bool {
        isNameStart(c) || ("0"..."9").contains(c) || (c.value > 0x7F && c.properties.isXIDContinue)
    }

    mutating func emit(_ kind: PythonToken.Kind, at location: SourceLocation) {
        tokens.append(PythonToken(kind: kind, location: location))
        lineHasTokens = true
    }

    mutating func endLogicalLine() {
        if lineHasTokens { tokens.append(PythonToken(kind: .newline, location: here)) }
        lineHasTokens = false
    }

    mutating func skipComment() {
        while let c = peek(), !Self.isNewline(c) { advance() }
    }

    mutating func run() throws {
        var atLineStart = true
        while true {
            if atLineStart && brackets.isEmpty && !embedded {
                atLineStart = false
                var offset = 0
                while Self.isBlank(peek(offset)) { offset += 1 }
                let first = peek(offset)
                if first != nil && first != "#" && !Self.isNewline(first) && offset > 0 && !lineHasTokens {
                    for _ in 0..<offset { advance() }
                    emit(.indent, at: here)
                }
            }
            while Self.isBlank(peek()) { advance() }
            guard let c = peek() else { break }
            if c == "#" {
                skipComment()
            } else if Self.isNewline(c) {
                advance()
                if c == "\r" && peek() == "\n" { advance() }
                if brackets.isEmpty && !embedded {
                    endLogicalLine()
                    atLineStart = true
                }
            } else if c == "\\" {
                let start = here
                advance()
                guard let next = peek() else {
                    throw PythonSyntax.syntax("unexpected end of file after a line continuation character", at: start)
                }
                guard Self.isNewline(next) else {
                    throw PythonSyntax.syntax("unexpected character after line continuation character", at: start)
                }
                advance()
                if next == "\r" && peek() == "\n" { advance() }
                if peek() == nil {
                    throw PythonSyntax.syntax("unexpected end of file after a line continuation character", at: start)
                }
            } else if ("0"..."9").contains(c) || (c == "." && peek(1).map { ("0"..."9").contains($0) } == true) {
                try lexNumber()
            } else if c == "\"" || c == "'" {
                try lexString(prefix: "", start: here)
            } else if Self.isNameStart(c) {
                try lexNameOrPrefixedString()
            } else {
                try lexOperator()
            }
        }
        if let (open, location) = brackets.last {
            throw PythonSyntax.syntax("'\(open)' was never closed", at: location)
        }
        endLogicalLine()
        tokens.append(PythonToken(kind: .endOfFile, location: here))
    }

    mutating func lexNameOrPrefixedString() throws {
        let start = here
        var name = ""
        while let c = peek(), Self.isNameContinue(c) {
            name.unicodeScalars.append(c)
            advance()
        }
        if let q = peek(), q == "\"" || q == "'", Self.stringPrefixes.contains(name.lowercased()) {
            try lexString(prefix: name.lowercased(), start: start)
            return
        }
        emit(PythonSyntax.keywords.contains(name) ? .keyword(name) : .name(name), at: start)
    }

    static let stringPrefixes: Set<String> = ["r", "u", "b", "br", "rb", "f", "fr", "rf"]

    mutating func lexOperator() throws {
        let start = here
        guard let c = peek() else { return }
        for (op, opScalars) in PythonSyntax.operatorScalars {
            guard index + opScalars.count <= scalars.count,
                  scalars[index..<index + opScalars.count].elementsEqual(opScalars) else { continue }
            for _ in opScalars { advance() }
            try trackBracket(op, at: start)
            emit(.op(op), at: start)
            return
        }
        if c == "!" {
            throw PythonSyntax.syntax("'!' is not an operator", at: start)
        }
        let code = String(c.value, radix: 16, uppercase: true)
        let padded = String(repeating: "0", count: max(0, 4 - code.count)) + code
        throw PythonSyntax.syntax("invalid character '\(Character(c))' (U+\(padded))", at: start)
    }

    mutating func trackBracket(_ op: String, at location: SourceLocation) throws {
        switch op {
        case "(", "[", "{":
            if brackets.count >= PythonSyntax.maximumNesting {
                throw PythonSyntax.syntax("too many nested parentheses", at: location)
            }
            brackets.append((op.unicodeScalars.first!, location))
        case ")", "]", "}":
            guard let (open, _) = brackets.last else {
                throw PythonSyntax.syntax("unmatched '\(op)'", at: location)
            }
            let expected: Unicode.Scalar = open == "(" ? ")" : open == "[" ? "]" : "}"
            guard op.unicodeScalars.first == expected else {
                throw PythonSyntax.syntax("closing parenthesis '\(op)' does not match opening parenthesis '\(open)'", at: location)
            }
            brackets.removeLast()
        default:
            break
        }
    }
}
