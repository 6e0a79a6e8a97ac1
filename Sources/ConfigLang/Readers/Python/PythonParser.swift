/// Recursive-descent parser for a module of `NAME = expr` statements.
///
/// It recognises enough of Python's grammar to name what it does not support ("unsupported
/// construct 'lambda'") at the keyword or operator that introduces it, instead of a bare
/// syntax error.
struct PythonParser {
    var tokens: [PythonToken]
    var position = 0
    var depth = 0

    static let maximumDepth = 200

    init(tokens: [PythonToken]) {
        self.tokens = tokens
    }

    static func parse(_ source: SourceText) throws -> [PythonAssignment] {
        var parser = PythonParser(tokens: try PythonTokenizer.tokenize(source))
        return try parser.parseModule()
    }

    var current: PythonToken { tokens[min(position, tokens.count - 1)] }
    func peek(_ offset: Int) -> PythonToken { tokens[min(position + offset, tokens.count - 1)] }
    mutating func advance() { if position < tokens.count - 1 { position += 1 } }

    func unexpected(_ expectation: String? = nil) -> ConfigError {
        let found = current.described
        let message = expectation.map { "expected \($0), found \(found)" } ?? "unexpected \(found)"
        return PythonSyntax.syntax(message, at: current.location)
    }

    mutating func expectOp(_ op: String, _ what: String? = nil) throws {
        guard current.isOp(op) else { throw unexpected(what ?? "'\(op)'") }
        advance()
    }

    // MARK: statements

    static let statementKeywords: [String: String] = [
        "import": "'import'", "from": "'import'", "def": "'def'", "class": "'class'", "if": "'if'",
        "elif": "'elif'", "else": "'else'", "for": "'for'", "while": "'while'", "with": "'with'",
        "try": "'try'", "except": "'except'", "finally": "'finally'", "async": "'async'",
        "del": "'del'", "pass": "'pass'", "return": "'return'", "raise": "'raise'",
        "assert": "'assert'", "global": "'global'", "nonlocal": "'nonlocal'", "break": "'break'",
        "continue": "'continue'", "yield": "'yield'",
    ]

    mutating func parseModule() throws -> [PythonAssignment] {
        var statements: [PythonAssignment] = []
        while current.kind != .endOfFile {
            if current.kind == .newline {
                advance()
                continue
            }
            if current.kind == .indent {
                throw PythonSyntax.syntax("unexpected indent", at: current.location)
            }
            if let assignment = try parseStatement() { statements.append(assignment) }
            switch current.kind {
            case .newline: advance()
            case .endOfFile: break
            case .op(";"):
                throw PythonSyntax.unsupported("';' between statements (write one statement per line)", at: current.location)
            default:
                throw unexpected("end of line")
            }
        }
        return statements
    }

    mutating func parseStatement() throws -> PythonAssignment? {
        let first = current
        if case .keyword(let k) = first.kind, let what = Self.statementKeywords[k] {
            throw PythonSyntax.unsupported(what, at: first.location)
        }
        if first.isOp("@") { throw PythonSyntax.unsupported("decorator", at: first.location) }
        let target = try parseTestList()
        if let op = current.augmentedAssignment {
            throw PythonSyntax.unsupported("augmented assignment '\(op)'", at: current.location)
        }
        if current.isOp(":") {
            throw PythonSyntax.unsupported("annotated assignment", at: current.location)
        }
        guard current.isOp("=") else {
            if case .string = target.kind { return nil }  // docstring
            try Self.validate(target)
            throw PythonSyntax.unsupported("expression statement (only NAME = expression is read)", at: target.location)
        }
        let name: String
        switch target.kind {
        case .name(let n):
            name = n
        case .access(.attribute, _):
            throw PythonSyntax.unsupported("attribute assignment", at: target.location)
        case .access(.index, _):
            throw PythonSyntax.unsupported("subscript assignment", at: target.location)
        case .baseReference(let steps):
            if case .attribute = steps.last {
                throw PythonSyntax.unsupported("attribute assignment", at: target.location)
            }
            throw PythonSyntax.unsupported("subscript assignment", at: target.location)
        case .tuple, .list:
            throw PythonSyntax.unsupported("unpacking assignment", at: target.location)
        default:
            throw PythonSyntax.syntax("cannot assign to an expression", at: target.location)
        }
        advance()
        if current.isKeyword("yield") { throw PythonSyntax.unsupported("'yield'", at: current.location) }
        let value = try parseTestList()
        if current.isOp("=") {
            throw PythonSyntax.unsupported("chained assignment 'a = b = ...'", at: current.location)
        }
        if let op = current.augmentedAssignment {
            throw PythonSyntax.unsupported("augmented assignment '\(op)'", at: current.location)
        }
        try Self.validate(value)
        return PythonAssignment(name: name, nameLocation: first.location, value: value)
    }

    /// Rejects the attribute and subscript accesses that parsing kept for precise messages.
    static func validate(_ expr: PythonExpr) throws {
        switch expr.kind {
        case .access(.attribute, _):
            throw PythonSyntax.unsupported("attribute access on a non-_base_ value", at: expr.location)
        case .access(.index, _):
            throw PythonSyntax.unsupported("subscript of a non-_base_ value", at: expr.location)
        case .list(let items), .tuple(let items):
            for item in items { try validate(item) }
        case .dict(let entries):
            for entry in entries {
                try validate(entry.key)
                try validate(entry.value)
            }
        case .dictCall(let keywords):
            for keyword in keywords { try validate(keyword.value) }
        case .baseReference(let steps):
            for case .index(let index, _) in steps { try validate(index) }
        case .unary(_, let operand):
            try validate(operand)
        case .binary(_, let left, let right):
            try validate(left)
            try validate(right)
        case .int, .float, .string, .bool, .none, .name:
            break
        }
    }
}

extension PythonToken {
    var augmentedAssignment: String? {
        guard case .op(let op) = kind, op.count >= 2, op.hasSuffix("="),
              !["==", "!=", "<=", ">=", ":="].contains(op) else { return nil }
        return op
    }
}
