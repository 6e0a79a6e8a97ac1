/// Expressions, by Python's precedence: conditional, `or`, `and`, `not`, comparisons, then
/// `+ -`, `* / // %`, unary `- +`, `**` (right-associative, binding tighter than a unary operator
/// on its left), then calls, attributes, subscripts and slices, then atoms. Bitwise operators,
/// `lambda`, `await` and `:=` are recognised only to be rejected at their location.
extension PythonParser {
    func startsExpression(_ token: PythonToken) -> Bool {
        switch token.kind {
        case .name, .int, .float, .string, .fstring: return true
        case .keyword(let k): return ["True", "False", "None", "lambda", "not", "await"].contains(k)
        case .op(let o): return ["(", "[", "{", "-", "+", "~", "*", "..."].contains(o)
        case .indent, .newline, .endOfFile: return false
        }
    }

    /// `expr` or `expr, expr, ...` (a tuple without parentheses).
    mutating func parseTestList() throws -> PythonExpr {
        let start = current.location
        let first = try parseTestOrStar()
        guard current.isOp(",") else { return first }
        var items = [first]
        while current.isOp(",") {
            advance()
            guard startsExpression(current) else { break }
            items.append(try parseTestOrStar())
        }
        return PythonExpr(kind: .tuple(items), location: start)
    }

    mutating func parseTestOrStar() throws -> PythonExpr {
        if current.isOp("*") {
            let star = current.location
            advance()
            let operand = try parseArith()
            return PythonExpr(kind: .starred(operand), location: star)
        }
        if current.isOp("**") { throw PythonSyntax.syntax("'**' unpacking is only allowed in a dict or a call", at: current.location) }
        return try parseTest()
    }

    mutating func nest() throws {
        depth += 1
        if depth > Self.maximumDepth {
            throw PythonSyntax.syntax("expression too deeply nested (strata's limit is \(Self.maximumDepth))", at: current.location)
        }
    }

    mutating func parseTest() throws -> PythonExpr {
        try rejectPrefixKeyword()
        let body = try parseOr()
        if current.isOp(":=") { throw PythonSyntax.unsupported("assignment expression ':='", at: current.location) }
        guard current.isKeyword("if") else { return body }
        advance()
        let test = try parseOr()
        guard current.isKeyword("else") else { throw unexpected("'else'") }
        advance()
        let orelse = try parseTest()
        return PythonExpr(kind: .conditional(body: body, test: test, orelse: orelse), location: body.location)
    }

    func rejectPrefixKeyword() throws {
        let token = current
        switch token.kind {
        case .keyword("lambda"): throw PythonSyntax.unsupported("'lambda'", at: token.location)
        case .keyword("await"): throw PythonSyntax.unsupported("'await'", at: token.location)
        case .keyword("yield"): throw PythonSyntax.unsupported("'yield'", at: token.location)
        default: return
        }
    }

    mutating func parseOr() throws -> PythonExpr { try parseBoolean(isAnd: false) }

    mutating func parseBoolean(isAnd: Bool) throws -> PythonExpr {
        let first = isAnd ? try parseNot() : try parseBoolean(isAnd: true)
        var operands = [first]
        while current.isKeyword(isAnd ? "and" : "or") {
            advance()
            operands.append(isAnd ? try parseNot() : try parseBoolean(isAnd: true))
        }
        if operands.count == 1 { return first }
        return PythonExpr(kind: .boolean(isAnd: isAnd, operands), location: first.location)
    }

    mutating func parseNot() throws -> PythonExpr {
        guard current.isKeyword("not") else { return try parseComparison() }
        let location = current.location
        advance()
        try nest()
        defer { depth -= 1 }
        return PythonExpr(kind: .not(try parseNot()), location: location)
    }

    mutating func parseComparison() throws -> PythonExpr {
        let first = try parseBitwise()
        var chain: [(PythonCompareOperator, PythonExpr)] = []
        while true {
            let op: PythonCompareOperator
            switch current.kind {
            case .op(let o) where PythonCompareOperator(rawValue: o) != nil: op = PythonCompareOperator(rawValue: o)!
            case .keyword("in"): op = .isIn
            case .keyword("not") where peek(1).isKeyword("in"): op = .notIn; advance()
            case .keyword("is") where peek(1).isKeyword("not"): op = .isNot; advance()
            case .keyword("is"): op = .isSame
            default:
                return chain.isEmpty ? first : PythonExpr(kind: .compare(first, chain), location: first.location)
            }
            advance()
            chain.append((op, try parseBitwise()))
        }
    }

    mutating func parseBitwise() throws -> PythonExpr {
        let expr = try parseArith()
        if case .op(let op) = current.kind, ["|", "^", "&", "<<", ">>"].contains(op) {
            throw PythonSyntax.unsupported("bitwise operator '\(op)'", at: current.location)
        }
        return expr
    }

    /// Every operator of a chain makes the tree one level deeper; the evaluator recurses that deep.
    mutating func deepen(_ levels: inout Int) throws {
        levels += 1
        try nest()
    }

    mutating func parseArith() throws -> PythonExpr {
        var levels = 0
        defer { depth -= levels }
        var left = try parseTerm()
        while case .op(let op) = current.kind, op == "+" || op == "-" {
            try deepen(&levels)
            advance()
            let right = try parseTerm()
            left = PythonExpr(kind: .binary(op == "+" ? .add : .subtract, left, right), location: left.location)
        }
        return left
    }

    mutating func parseTerm() throws -> PythonExpr {
        var levels = 0
        defer { depth -= levels }
        var left = try parseFactor()
        while case .op(let op) = current.kind {
            let kind: PythonBinaryOperator
            switch op {
            case "*": kind = .multiply
            case "/": kind = .divide
            case "//": kind = .floorDivide
            case "%": kind = .modulo
            case "@": throw PythonSyntax.unsupported("'@' operator", at: current.location)
            default: return left
            }
            try deepen(&levels)
            advance()
            let right = try parseFactor()
            left = PythonExpr(kind: .binary(kind, left, right), location: left.location)
        }
        return left
    }

    mutating func parseFactor() throws -> PythonExpr {
        try nest()
        defer { depth -= 1 }
        let token = current
        switch token.kind {
        case .op("-"), .op("+"):
            advance()
            let operand = try parseFactor()
            return PythonExpr(kind: .unary(token.isOp("-") ? .minus : .plus, operand), location: token.location)
        case .op("~"):
            throw PythonSyntax.unsupported("bitwise operator '~'", at: token.location)
        default:
            let base = try parsePrimary()
            guard current.isOp("**") else { return base }
            advance()
            let exponent = try parseFactor()
            return PythonExpr(kind: .binary(.power, base, exponent), location: base.location)
        }
    }

    mutating func parsePrimary() throws -> PythonExpr {
        var expr = try parseAtom()
        var levels = 0
        defer { depth -= levels }
        while true {
            let token = current
            if token.isOp(".") {
                try deepen(&levels)
                advance()
                guard case .name(let name) = current.kind else { throw unexpected("a name after '.'") }
                advance()
                expr = Self.extend(expr, with: .attribute(name, at: token.location)) ?? PythonExpr(kind: .attribute(expr, name), location: expr.location)
            } else if token.isOp("[") {
                try deepen(&levels)
                expr = try parseSubscript(expr)
            } else if token.isOp("(") {
                try deepen(&levels)
                expr = try parseCall(expr)
            } else {
                return expr
            }
        }
    }

    /// `x[i]` or a slice `x[a:b:c]`; `x[i, j]` is unsupported.
    mutating func parseSubscript(_ target: PythonExpr) throws -> PythonExpr {
        let open = current.location
        advance()
        var lower: PythonExpr?
        if !current.isOp(":") { lower = try parseTest() }
        if current.isOp(",") { throw PythonSyntax.unsupported("subscript with several indices", at: current.location) }
        if current.isOp("]"), let index = lower {
            advance()
            return Self.extend(target, with: .index(index, at: open)) ?? PythonExpr(kind: .index(target, index), location: target.location)
        }
        try expectOp(":", "']' or ':'")
        var upper: PythonExpr?, step: PythonExpr?
        if !current.isOp(":") && !current.isOp("]") { upper = try parseTest() }
        if current.isOp(":") {
            advance()
            if !current.isOp("]") { step = try parseTest() }
        }
        if current.isOp(",") { throw PythonSyntax.unsupported("subscript with several indices", at: current.location) }
        try expectOp("]", "']'")
        return PythonExpr(kind: .slice(target, lower: lower, upper: upper, step: step), location: target.location)
    }

    /// `_base_` chains stay one reference (`_base_.a["b"]`), so its provenance names the path.
    static func extend(_ expr: PythonExpr, with step: PythonBaseStep) -> PythonExpr? {
        switch expr.kind {
        case .name("_base_"):
            return PythonExpr(kind: .baseReference([step]), location: expr.location)
        case .baseReference(let steps):
            return PythonExpr(kind: .baseReference(steps + [step]), location: expr.location)
        default:
            return nil
        }
    }

    mutating func parseCall(_ callee: PythonExpr) throws -> PythonExpr {
        advance()  // (
        var arguments: [PythonArgument] = []
        var sawKeyword = false
        while !current.isOp(")") {
            if current.isOp("*") || current.isOp("**") {
                let double = current.isOp("**")
                advance()
                let value = try parseTest()
                arguments.append(double ? .doubleStar(value) : .star(value))
                if double { sawKeyword = true }
            } else if case .name(let name) = current.kind, peek(1).isOp("=") {
                let nameLocation = current.location
                advance(); advance()
                let value = try parseTest()
                for case .keyword(let other, _, _) in arguments where other == name {
                    throw PythonSyntax.syntax("keyword argument repeated: \(name)", at: nameLocation)
                }
                arguments.append(.keyword(name, at: nameLocation, value))
                sawKeyword = true
            } else {
                if sawKeyword {
                    throw PythonSyntax.syntax("positional argument follows keyword argument", at: current.location)
                }
                let value = try parseTest()
                if current.isKeyword("for") || current.isKeyword("async") {
                    guard arguments.isEmpty else {
                        throw PythonSyntax.syntax("generator expression must be parenthesized", at: value.location)
                    }
                    let generator = try parseComprehension(.generator, element: value, value: nil, at: value.location)
                    guard current.isOp(")") else {
                        throw PythonSyntax.syntax("generator expression must be parenthesized", at: value.location)
                    }
                    arguments.append(.positional(generator))
                    break
                }
                arguments.append(.positional(value))
            }
            guard current.isOp(",") else { break }
            advance()
        }
        try expectOp(")", "',' or ')'")
        return PythonExpr(kind: .call(callee, arguments), location: callee.location)
    }
}
