/// Atoms: literals, names, parenthesized expressions and tuples, lists and dict displays.
extension PythonParser {
    mutating func parseAtom() throws -> PythonExpr {
        let token = current
        switch token.kind {
        case .int(let magnitude, let text):
            advance()
            return PythonExpr(kind: .int(magnitude, text: text), location: token.location)
        case .float(let value):
            advance()
            return PythonExpr(kind: .float(value), location: token.location)
        case .string(var text):
            advance()
            // Adjacent literals are one string: "a" "b" == "ab".
            while case .string(let more) = current.kind {
                text += more
                advance()
            }
            return PythonExpr(kind: .string(text), location: token.location)
        case .keyword("True"), .keyword("False"):
            advance()
            return PythonExpr(kind: .bool(token.isKeyword("True")), location: token.location)
        case .keyword("None"):
            advance()
            return PythonExpr(kind: .none, location: token.location)
        case .keyword:
            try rejectPrefixKeyword()
            throw unexpected("an expression")
        case .name(let name):
            advance()
            return PythonExpr(kind: .name(name), location: token.location)
        case .op("("):
            return try parseParenthesized()
        case .op("["):
            return try parseList()
        case .op("{"):
            return try parseBrace()
        case .op("..."):
            throw PythonSyntax.unsupported("Ellipsis '...'", at: token.location)
        default:
            throw unexpected("an expression")
        }
    }

    mutating func rejectComprehension() throws {
        if current.isKeyword("for") || current.isKeyword("async") {
            throw PythonSyntax.unsupported("comprehension", at: current.location)
        }
    }

    /// `(expr)`, `()`, `(a,)`, `(a, b)`.
    mutating func parseParenthesized() throws -> PythonExpr {
        let open = current.location
        advance()
        if current.isOp(")") {
            advance()
            return PythonExpr(kind: .tuple([]), location: open)
        }
        if current.isKeyword("yield") { throw PythonSyntax.unsupported("'yield'", at: current.location) }
        let first = try parseTestOrStar()
        try rejectComprehension()
        if current.isOp(")") {
            advance()
            return first
        }
        guard current.isOp(",") else { throw unexpected("',' or ')'") }
        var items = [first]
        while current.isOp(",") {
            advance()
            if current.isOp(")") { break }
            items.append(try parseTestOrStar())
        }
        try expectOp(")", "',' or ')'")
        return PythonExpr(kind: .tuple(items), location: open)
    }

    mutating func parseList() throws -> PythonExpr {
        let open = current.location
        advance()
        var items: [PythonExpr] = []
        while !current.isOp("]") {
            items.append(try parseTestOrStar())
            if items.count == 1 { try rejectComprehension() }
            guard current.isOp(",") else { break }
            advance()
        }
        try expectOp("]", "',' or ']'")
        return PythonExpr(kind: .list(items), location: open)
    }

    /// `{}` and `{k: v, ...}`; sets and dict unpacking are unsupported.
    mutating func parseBrace() throws -> PythonExpr {
        let open = current.location
        advance()
        var entries: [(key: PythonExpr, value: PythonExpr)] = []
        while !current.isOp("}") {
            if current.isOp("**") {
                throw PythonSyntax.unsupported("'**' unpacking in a dict", at: current.location)
            }
            let key = try parseTestOrStar()
            if entries.isEmpty && !current.isOp(":") {
                try rejectComprehension()
                throw PythonSyntax.unsupported("set", at: open)
            }
            try expectOp(":", "':'")
            let value = try parseTest()
            entries.append((key, value))
            if entries.count == 1 { try rejectComprehension() }
            guard current.isOp(",") else { break }
            advance()
        }
        try expectOp("}", "',' or '}'")
        return PythonExpr(kind: .dict(entries), location: open)
    }
}
