/// The expressions strata evaluates; everything else is rejected while parsing.
struct PythonExpr: Sendable {
    indirect enum Kind: Sendable {
        /// The magnitude of an integer literal (nil beyond 64 unsigned bits) and its text.
        case int(UInt64?, text: String)
        case float(Double)
        case string(String)
        /// An f-string (possibly concatenated with plain literals).
        case fstring([PythonFStringPart])
        case bool(Bool)
        case none
        case name(String)
        case list([PythonExpr])
        case tuple([PythonExpr])
        case dict([PythonDictEntry])
        /// `*x` inside a list, tuple or call.
        case starred(PythonExpr)
        /// `_base_` followed by at least one `.name` or `[index]`.
        case baseReference([PythonBaseStep])
        case unary(PythonUnaryOperator, PythonExpr)
        case binary(PythonBinaryOperator, PythonExpr, PythonExpr)
        case not(PythonExpr)
        /// `a and b and c` / `a or b`: evaluated left to right with short-circuit.
        case boolean(isAnd: Bool, [PythonExpr])
        /// `a < b == c`: a chain, each comparison on adjacent operands.
        case compare(PythonExpr, [(PythonCompareOperator, PythonExpr)])
        /// `body if test else orelse`.
        case conditional(body: PythonExpr, test: PythonExpr, orelse: PythonExpr)
        case attribute(PythonExpr, String)
        case index(PythonExpr, PythonExpr)
        case slice(PythonExpr, lower: PythonExpr?, upper: PythonExpr?, step: PythonExpr?)
        case call(PythonExpr, [PythonArgument])
        case comprehension(PythonComprehension)
    }

    var kind: Kind
    /// Where the expression starts, as Python's AST reports it (a binary operation starts at its
    /// left operand; a parenthesized tuple at its parenthesis).
    var location: SourceLocation
}

enum PythonDictEntry: Sendable {
    case pair(key: PythonExpr, value: PythonExpr)
    /// `**mapping`.
    case unpack(PythonExpr)
}

enum PythonArgument: Sendable {
    case positional(PythonExpr)
    case keyword(String, at: SourceLocation, PythonExpr)
    /// `*iterable`.
    case star(PythonExpr)
    /// `**mapping`.
    case doubleStar(PythonExpr)
}

/// One piece of an f-string: literal text, or a replacement field `{expr!conv:spec}`.
enum PythonFStringPart: Sendable {
    case literal(String)
    case field(PythonExpr, conversion: Unicode.Scalar?, spec: [PythonFStringPart])
}

struct PythonComprehension: Sendable {
    enum Kind: Sendable { case list, set, dict, generator }
    var kind: Kind
    var element: PythonExpr
    /// The value of a dict comprehension (`element` is the key).
    var value: PythonExpr?
    var clauses: [Clause]

    struct Clause: Sendable {
        var target: PythonTarget
        var iterable: PythonExpr
        var conditions: [PythonExpr]
    }
}

/// What an assignment (or a `for` clause) binds.
indirect enum PythonTarget: Sendable {
    case name(String, at: SourceLocation)
    case attribute(PythonExpr, String, at: SourceLocation)
    case index(PythonExpr, PythonExpr, at: SourceLocation)
    /// `a, b = ...` and `[a, b] = ...`.
    case unpack([PythonTarget], at: SourceLocation)

    var location: SourceLocation {
        switch self {
        case .name(_, let at), .attribute(_, _, let at), .index(_, _, let at), .unpack(_, let at): return at
        }
    }
}

enum PythonBaseStep: Sendable {
    case attribute(String, at: SourceLocation)
    case index(PythonExpr, at: SourceLocation)
}

enum PythonUnaryOperator: String, Sendable {
    case minus = "-"
    case plus = "+"
}

enum PythonBinaryOperator: String, Sendable {
    case add = "+"
    case subtract = "-"
    case multiply = "*"
    case divide = "/"
    case floorDivide = "//"
    case modulo = "%"
    case power = "**"
}

enum PythonCompareOperator: String, Sendable {
    case equal = "==", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
    case isIn = "in", notIn = "not in", isSame = "is", isNot = "is not"
}

/// A top-level statement of a config file.
struct PythonStatement: Sendable {
    enum Kind: Sendable {
        /// `t1 = t2 = expr` (every target gets the value, left to right), also `t: T = expr`.
        case assign([PythonTarget], PythonExpr)
        /// `t += expr`.
        case augmented(PythonTarget, PythonBinaryOperator, PythonExpr)
        /// An expression statement: a method call such as `lst.append(x)`, or a docstring.
        case expression(PythonExpr)
        /// `import a.b as c` (alias nil: binds `a`).
        case importModule(String, alias: String?)
        /// `from a.b import x as y, ...`; level counts leading dots.
        case importFrom(String, level: Int, names: [(name: String, alias: String?, at: SourceLocation)])
        /// `del a, b["k"]`.
        case delete([PythonTarget])
        /// `with read_base():` and the imports it holds.
        case readBase([PythonStatement])
    }

    var kind: Kind
    var location: SourceLocation
}
