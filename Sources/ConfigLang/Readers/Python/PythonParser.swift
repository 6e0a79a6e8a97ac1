/// Recursive-descent parser for a config module: assignments (chained, unpacking, to attributes
/// and subscripts, annotated, augmented), expression statements, imports and `with read_base():`.
///
/// It recognises enough of Python's grammar to name what it does not support ("unsupported
/// construct 'lambda'") at the keyword or operator that introduces it, instead of a bare
/// syntax error.
struct PythonParser {
    var tokens: [PythonToken]
    let source: SourceText
    var position = 0
    var depth = 0

    static let maximumDepth = 200

    init(tokens: [PythonToken], source: SourceText) {
        self.tokens = tokens
        self.source = source
    }

    static func parse(_ source: SourceText) throws -> [PythonStatement] {
        var parser = PythonParser(tokens: try PythonTokenizer.tokenize(source), source: source)
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
        "def": "'def'", "class": "'class'", "if": "'if'",
        "elif": "'elif'", "else": "'else'", "for": "'for' statement", "while": "'while'", "with": "'with'",
        "try": "'try'", "except": "'except'", "finally": "'finally'", "async": "'async'",
        "pass": "'pass'", "return": "'return'", "raise": "'raise'",
        "assert": "'assert'", "global": "'global'", "nonlocal": "'nonlocal'", "break": "'break'",
        "continue": "'continue'", "yield": "'yield'",
    ]

    mutating func parseModule() throws -> [PythonStatement] {
        var statements: [PythonStatement] = []
        while current.kind != .endOfFile {
            if current.kind == .newline {
                advance()
                continue
            }
            if current.kind == .indent {
                throw PythonSyntax.syntax("unexpected indent", at: current.location)
            }
            if current.isKeyword("with") {
                statements.append(try parseReadBase())
                continue
            }
            statements += try parseStatement()
            try endStatement()
        }
        return statements
    }

    mutating func endStatement() throws {
        switch current.kind {
        case .newline: advance()
        case .endOfFile: break
        case .op(";"):
            throw PythonSyntax.unsupported("';' between statements (write one statement per line)", at: current.location)
        default:
            throw unexpected("end of line")
        }
    }

    mutating func parseStatement() throws -> [PythonStatement] {
        let first = current
        if first.isKeyword("import") || first.isKeyword("from") { return try parseImport() }
        if first.isKeyword("del") {
            advance()
            let targets = try parseTestList()
            if case .tuple(let items) = targets.kind {
                return [PythonStatement(kind: .delete(try items.map(Self.target)), location: first.location)]
            }
            return [PythonStatement(kind: .delete([try Self.target(targets)]), location: first.location)]
        }
        if case .keyword(let k) = first.kind, let what = Self.statementKeywords[k] {
            throw PythonSyntax.unsupported(what, at: first.location)
        }
        if first.isOp("@") { throw PythonSyntax.unsupported("decorator", at: first.location) }
        let head = try parseTestList()
        if let op = current.augmentedAssignment {
            let opLocation = current.location
            guard let binary = PythonBinaryOperator(rawValue: String(op.dropLast())) else {
                throw PythonSyntax.unsupported("augmented assignment '\(op)'", at: opLocation)
            }
            let target = try Self.target(head)
            if case .unpack = target { throw PythonSyntax.syntax("illegal expression for augmented assignment", at: head.location) }
            advance()
            let value = try parseTestList()
            return [PythonStatement(kind: .augmented(target, binary, value), location: first.location)]
        }
        if current.isOp(":") {
            advance()
            _ = try parseTest()  // the annotation: never evaluated into the config
            let target = try Self.target(head)
            if case .unpack = target { throw PythonSyntax.syntax("only single target can be annotated", at: head.location) }
            guard current.isOp("=") else { return [] }
            advance()
            let value = try parseTestList()
            return [PythonStatement(kind: .assign([target], value), location: first.location)]
        }
        guard current.isOp("=") else {
            return [PythonStatement(kind: .expression(head), location: first.location)]
        }
        var targets = [try Self.target(head)]
        var value: PythonExpr
        repeat {
            advance()
            if current.isKeyword("yield") { throw PythonSyntax.unsupported("'yield'", at: current.location) }
            value = try parseTestList()
            if current.isOp("=") { targets.append(try Self.target(value)) }
        } while current.isOp("=")
        if let op = current.augmentedAssignment {
            throw PythonSyntax.syntax("invalid syntax '\(op)'", at: current.location)
        }
        return [PythonStatement(kind: .assign(targets, value), location: first.location)]
    }

    /// `import a.b [as c], ...` and `from [.]a.b import x [as y], ... | (x, ...) | *`.
    mutating func parseImport() throws -> [PythonStatement] {
        let start = current.location
        if current.isKeyword("import") {
            advance()
            var statements: [PythonStatement] = []
            repeat {
                if !statements.isEmpty { advance() }
                let module = try parseDottedName()
                var alias: String?
                if current.isKeyword("as") {
                    advance()
                    alias = try parseName()
                }
                statements.append(PythonStatement(kind: .importModule(module, alias: alias), location: start))
            } while current.isOp(",")
            return statements
        }
        advance()  // from
        var level = 0
        while current.isOp(".") || current.isOp("...") {
            level += current.isOp(".") ? 1 : 3
            advance()
        }
        let module = current.isKeyword("import") ? "" : try parseDottedName()
        guard current.isKeyword("import") else { throw unexpected("'import'") }
        advance()
        var names: [(name: String, alias: String?, at: SourceLocation)] = []
        if current.isOp("*") {
            names.append(("*", nil, current.location))
            advance()
        } else {
            let parenthesized = current.isOp("(")
            if parenthesized { advance() }
            repeat {
                if !names.isEmpty {
                    advance()
                    if parenthesized && current.isOp(")") { break }
                }
                let at = current.location
                let name = try parseName()
                var alias: String?
                if current.isKeyword("as") {
                    advance()
                    alias = try parseName()
                }
                names.append((name, alias, at))
            } while current.isOp(",")
            if parenthesized { try expectOp(")", "',' or ')'") }
        }
        return [PythonStatement(kind: .importFrom(module, level: level, names: names), location: start)]
    }

    mutating func parseName() throws -> String {
        guard case .name(let name) = current.kind else { throw unexpected("a name") }
        advance()
        return name
    }

    mutating func parseDottedName() throws -> String {
        var name = try parseName()
        while current.isOp(".") {
            advance()
            name += "." + (try parseName())
        }
        return name
    }

    /// `with read_base():` and a block of `from ... import ...` lines (mmengine's new-style
    /// configs). Any other `with` is unsupported.
    mutating func parseReadBase() throws -> PythonStatement {
        let start = current.location
        advance()
        guard case .name("read_base") = current.kind, peek(1).isOp("("), peek(2).isOp(")"), peek(3).isOp(":") else {
            throw PythonSyntax.unsupported("'with' (only `with read_base():` is read)", at: start)
        }
        for _ in 0..<4 { advance() }
        var imports: [PythonStatement] = []
        if current.kind != .newline {
            imports += try parseReadBaseImport()
            try endStatement()
            return PythonStatement(kind: .readBase(imports), location: start)
        }
        advance()
        while current.kind == .indent {
            advance()
            imports += try parseReadBaseImport()
            try endStatement()
        }
        if imports.isEmpty { throw PythonSyntax.syntax("expected an indented block after 'with' statement", at: current.location) }
        return PythonStatement(kind: .readBase(imports), location: start)
    }

    mutating func parseReadBaseImport() throws -> [PythonStatement] {
        guard current.isKeyword("from") || current.isKeyword("import") else {
            throw PythonSyntax.unsupported("statement inside `with read_base():` other than an import", at: current.location)
        }
        return try parseImport()
    }
}

extension PythonToken {
    var augmentedAssignment: String? {
        guard case .op(let op) = kind, op.count >= 2, op.hasSuffix("="),
              !["==", "!=", "<=", ">=", ":="].contains(op) else { return nil }
        return op
    }
}
