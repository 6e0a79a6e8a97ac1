/// Expressions, by Python's precedence: conditional/boolean/comparison/bitwise operators are
/// recognised only to be rejected; `+ -`, then `* / //`, then unary `- +`, then `**`
/// (right-associative, binding tighter than a unary operator on its left), then calls,
/// attributes and subscripts, then atoms.
extension PythonParser {
    func startsExpression(_ token: PythonToken) -> Bool {
        switch token.kind {
        case .name, .int, .float, .string: return true
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
        if current.isOp("*") { throw PythonSyntax.unsupported("starred expression", at: current.location) }
        if current.isOp("**") { throw PythonSyntax.unsupported("'**' unpacking", at: current.location) }
        return try parseTest()
    }

    mutating func parseTest() throws -> PythonExpr {
        try rejectPrefixKeyword()
        let expr = try parseArith()
        let token = current
        switch token.kind {
        case .keyword("if"):
            throw PythonSyntax.unsupported("conditional expression 'x if c else y'", at: token.location)
        case .keyword("and"), .keyword("or"):
            throw PythonSyntax.unsupported("boolean operator \(token.described)", at: token.location)
        case .keyword("in"), .keyword("is"):
            throw PythonSyntax.unsupported("comparison \(token.described)", at: token.location)
        case .keyword("not") where peek(1).isKeyword("in"):
            throw PythonSyntax.unsupported("comparison 'not in'", at: token.location)
        case .op(let op) where ["<", ">", "==", "!=", "<=", ">="].contains(op):
            throw PythonSyntax.unsupported("comparison '\(op)'", at: token.location)
        case .op(let op) where ["|", "^", "&", "<<", ">>"].contains(op):
            throw PythonSyntax.unsupported("bitwise operator '\(op)'", at: token.location)
        case .op(":="):
            throw PythonSyntax.unsupported("assignment expression ':='", at: token.location)
        default:
            return expr
        }
    }

    func rejectPrefixKeyword() throws {
        let token = current
        switch token.kind {
        case .keyword("lambda"): throw PythonSyntax.unsupported("'lambda'", at: token.location)
        case .keyword("not"): throw PythonSyntax.unsupported("boolean operator 'not'", at: token.location)
        case .keyword("await"): throw PythonSyntax.unsupported("'await'", at: token.location)
        case .keyword("yield"): throw PythonSyntax.unsupported("'yield'", at: token.location)
        default: return
        }
    }

    /// Every operator of a chain makes the tree one level deeper; the evaluator recurses that deep.
    mutating func deepen(_ levels: inout Int) throws {
        depth += 1
        levels += 1
        if depth > Self.maximumDepth {
            throw PythonSyntax.syntax("expression too deeply nested (strata's limit is \(Self.maximumDepth))", at: current.location)
        }
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
            case "%", "@": throw PythonSyntax.unsupported("'\(op)' operator", at: current.location)
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
        depth += 1
        defer { depth -= 1 }
        if depth > Self.maximumDepth {
            throw PythonSyntax.syntax("expression too deeply nested (strata's limit is \(Self.maximumDepth))", at: current.location)
        }
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
        while true {
            let token = current
            if token.isOp(".") {
                advance()
                guard case .name(let name) = current.kind else { throw unexpected("a name after '.'") }
                advance()
                expr = Self.extend(expr, with: .attribute(name, at: token.location), access: .attribute)
            } else if token.isOp("[") {
                advance()
                if current.isOp(":") { throw PythonSyntax.unsupported("slice", at: current.location) }
                let index = try parseTestOrStar()
                if current.isOp(":") { throw PythonSyntax.unsupported("slice", at: current.location) }
                if current.isOp(",") {
                    throw PythonSyntax.unsupported("subscript with several indices", at: current.location)
                }
                try expectOp("]", "']'")
                expr = Self.extend(expr, with: .index(index, at: token.location), access: .index)
            } else if token.isOp("(") {
                expr = try parseCall(expr)
            } else {
                return expr
            }
        }
    }

    static func extend(_ expr: PythonExpr, with step: PythonBaseStep, access: PythonAccess) -> PythonExpr {
        switch expr.kind {
        case .name("_base_"):
            return PythonExpr(kind: .baseReference([step]), location: expr.location)
        case .baseReference(let steps):
            return PythonExpr(kind: .baseReference(steps + [step]), location: expr.location)
        default:
            return PythonExpr(kind: .access(access, expr), location: expr.location)
        }
    }

    mutating func parseCall(_ callee: PythonExpr) throws -> PythonExpr {
        advance()  // (
        var keywords: [PythonKeyword] = []
        var positional = 0
        while !current.isOp(")") {
            if current.isOp("*") || current.isOp("**") {
                throw PythonSyntax.unsupported("argument unpacking \(current.described)", at: current.location)
            }
            if case .name(let name) = current.kind, peek(1).isOp("=") {
                let nameLocation = current.location
                advance(); advance()
                let value = try parseTest()
                if keywords.contains(where: { $0.name == name }) {
                    throw PythonSyntax.syntax("keyword argument repeated: \(name)", at: nameLocation)
                }
                keywords.append(PythonKeyword(name: name, nameLocation: nameLocation, value: value))
            } else {
                if !keywords.isEmpty {
                    throw PythonSyntax.syntax("positional argument follows keyword argument", at: current.location)
                }
                _ = try parseTest()
                positional += 1
                if current.isKeyword("for") || current.isKeyword("async") {
                    throw PythonSyntax.unsupported("comprehension", at: current.location)
                }
            }
            guard current.isOp(",") else { break }
            advance()
        }
        try expectOp(")", "',' or ')'")
        switch callee.kind {
        case .name("dict") where positional == 0:
            return PythonExpr(kind: .dictCall(keywords), location: callee.location)
        case .name("dict"):
            throw PythonSyntax.unsupported("dict() with positional arguments (write dict(k=v, ...) or {k: v})", at: callee.location)
        case .name(let name):
            throw PythonSyntax.unsupported("function call '\(name)'", at: callee.location)
        case .baseReference(let steps):
            var text = "_base_"
            for step in steps {
                guard case .attribute(let name, _) = step else {
                    throw PythonSyntax.unsupported("function call", at: callee.location)
                }
                text += "." + name
            }
            throw PythonSyntax.unsupported("function call '\(text)'", at: callee.location)
        default:
            throw PythonSyntax.unsupported("function call", at: callee.location)
        }
    }
}
