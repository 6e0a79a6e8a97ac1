/// Atoms: literals (with f-strings), names, parenthesized expressions and tuples, list/dict/set
/// displays and the comprehensions written in them.
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
        case .string, .fstring:
            return try parseStrings()
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

    /// Adjacent literals are one string (`"a" f"{x}" "b"`); with an f-string among them the result
    /// is an f-string.
    mutating func parseStrings() throws -> PythonExpr {
        let start = current.location
        var parts: [PythonFStringPart] = []
        var isFormatted = false
        while true {
            switch current.kind {
            case .string(let text):
                parts.append(.literal(text))
            case .fstring(let raw):
                isFormatted = true
                parts += try cook(raw)
            default:
                if !isFormatted {
                    let text = parts.map { if case .literal(let t) = $0 { return t } else { return "" } }.joined()
                    return PythonExpr(kind: .string(text), location: start)
                }
                return PythonExpr(kind: .fstring(parts), location: start)
            }
            advance()
        }
    }

    /// Parses the expression of each field of a lexed f-string, at its place in the file.
    mutating func cook(_ raw: [PythonRawFStringPart]) throws -> [PythonFStringPart] {
        try raw.map { part in
            switch part {
            case .literal(let text):
                return .literal(text)
            case .field(let text, let line, let column, let conversion, let spec):
                var tokenizer = PythonTokenizer(source, piece: text, line: line, column: column)
                try tokenizer.run()
                var inner = PythonParser(tokens: tokenizer.tokens.filter { $0.kind != .newline }, source: source)
                inner.depth = depth
                let expr = try inner.parseTestList()
                guard inner.current.kind == .endOfFile else { throw inner.unexpected("'}'") }
                return .field(expr, conversion: conversion, spec: try cook(spec))
            }
        }
    }

    mutating func rejectAsync() throws {
        if current.isKeyword("async") { throw PythonSyntax.unsupported("'async' comprehension", at: current.location) }
    }

    /// `(expr)`, `()`, `(a,)`, `(a, b)`, `(x for ...)`.
    mutating func parseParenthesized() throws -> PythonExpr {
        let open = current.location
        advance()
        if current.isOp(")") {
            advance()
            return PythonExpr(kind: .tuple([]), location: open)
        }
        if current.isKeyword("yield") { throw PythonSyntax.unsupported("'yield'", at: current.location) }
        let first = try parseTestOrStar()
        try rejectAsync()
        if current.isKeyword("for") {
            let generator = try parseComprehension(.generator, element: first, value: nil, at: open)
            try expectOp(")", "')'")
            return generator
        }
        if current.isOp(")") {
            advance()
            if case .starred = first.kind { throw PythonSyntax.syntax("cannot use starred expression here", at: first.location) }
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
            if items.count == 1 {
                try rejectAsync()
                if current.isKeyword("for") {
                    let comprehension = try parseComprehension(.list, element: items[0], value: nil, at: open)
                    try expectOp("]", "']'")
                    return comprehension
                }
            }
            guard current.isOp(",") else { break }
            advance()
        }
        try expectOp("]", "',' or ']'")
        return PythonExpr(kind: .list(items), location: open)
    }

    /// `{}`, `{k: v, **m, ...}`, `{k: v for ...}`; a set display or comprehension is parsed and
    /// refused by the evaluator (a config holds no sets).
    mutating func parseBrace() throws -> PythonExpr {
        let open = current.location
        advance()
        var entries: [PythonDictEntry] = []
        var setItems: [PythonExpr] = []
        while !current.isOp("}") {
            if current.isOp("**") {
                guard setItems.isEmpty else { throw unexpected("an expression") }
                advance()
                entries.append(.unpack(try parseBitwise()))
            } else {
                let key = try parseTestOrStar()
                if entries.isEmpty && !current.isOp(":") {
                    setItems.append(key)
                    if setItems.count == 1 {
                        try rejectAsync()
                        if current.isKeyword("for") {
                            let comprehension = try parseComprehension(.set, element: key, value: nil, at: open)
                            try expectOp("}", "'}'")
                            return comprehension
                        }
                    }
                } else {
                    guard setItems.isEmpty else { throw unexpected("',' or '}'") }
                    try expectOp(":", "':'")
                    let value = try parseTest()
                    entries.append(.pair(key: key, value: value))
                    if entries.count == 1 {
                        try rejectAsync()
                        if current.isKeyword("for") {
                            let comprehension = try parseComprehension(.dict, element: key, value: value, at: open)
                            try expectOp("}", "'}'")
                            return comprehension
                        }
                    }
                }
            }
            guard current.isOp(",") else { break }
            advance()
        }
        try expectOp("}", "',' or '}'")
        if !setItems.isEmpty { throw PythonSyntax.unsupported("set (a config holds no sets)", at: open) }
        return PythonExpr(kind: .dict(entries), location: open)
    }

    /// The `for ... in ... if ...` clauses after a comprehension's element.
    mutating func parseComprehension(_ kind: PythonComprehension.Kind, element: PythonExpr, value: PythonExpr?, at location: SourceLocation) throws -> PythonExpr {
        if case .starred = element.kind { throw PythonSyntax.syntax("iterable unpacking cannot be used in comprehension", at: element.location) }
        var clauses: [PythonComprehension.Clause] = []
        while current.isKeyword("for") {
            advance()
            let targetStart = current.location
            var targets = [try parseBitwise()]
            var isTuple = false
            while current.isOp(",") {
                isTuple = true
                advance()
                if current.isKeyword("in") { break }
                targets.append(try parseBitwise())
            }
            let targetExpr = isTuple ? PythonExpr(kind: .tuple(targets), location: targetStart) : targets[0]
            let target = try Self.target(targetExpr)
            guard current.isKeyword("in") else { throw unexpected("'in'") }
            advance()
            let iterable = try parseOr()
            var conditions: [PythonExpr] = []
            while current.isKeyword("if") {
                advance()
                conditions.append(try parseOr())
            }
            clauses.append(.init(target: target, iterable: iterable, conditions: conditions))
            try rejectAsync()
        }
        let comprehension = PythonComprehension(kind: kind, element: element, value: value, clauses: clauses)
        return PythonExpr(kind: .comprehension(comprehension), location: location)
    }

    /// An assignment or `for` target from the expression parsed where one was written.
    static func target(_ expr: PythonExpr) throws -> PythonTarget {
        switch expr.kind {
        case .name(let name):
            return .name(name, at: expr.location)
        case .attribute(let object, let name):
            return .attribute(object, name, at: expr.location)
        case .index(let object, let index):
            return .index(object, index, at: expr.location)
        case .baseReference(let steps):
            let rest = steps.count == 1
                ? PythonExpr(kind: .name("_base_"), location: expr.location)
                : PythonExpr(kind: .baseReference(Array(steps.dropLast())), location: expr.location)
            switch steps.last! {
            case .attribute(let name, _): return .attribute(rest, name, at: expr.location)
            case .index(let index, _): return .index(rest, index, at: expr.location)
            }
        case .tuple(let items), .list(let items):
            return .unpack(try items.map(target), at: expr.location)
        case .starred:
            throw PythonSyntax.unsupported("starred assignment target", at: expr.location)
        case .slice:
            throw PythonSyntax.unsupported("slice assignment", at: expr.location)
        default:
            throw PythonSyntax.syntax("cannot assign to an expression", at: expr.location)
        }
    }
}
