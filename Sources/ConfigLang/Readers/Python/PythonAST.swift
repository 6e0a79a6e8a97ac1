/// The expressions strata evaluates; everything else is rejected while parsing.
struct PythonExpr: Sendable {
    indirect enum Kind: Sendable {
        /// The magnitude of an integer literal (nil beyond 64 unsigned bits) and its text.
        case int(UInt64?, text: String)
        case float(Double)
        case string(String)
        case bool(Bool)
        case none
        case name(String)
        case list([PythonExpr])
        case tuple([PythonExpr])
        case dict([(key: PythonExpr, value: PythonExpr)])
        /// `dict(k=v, ...)`.
        case dictCall([PythonKeyword])
        /// `_base_` followed by at least one `.name` or `[index]`.
        case baseReference([PythonBaseStep])
        case unary(PythonUnaryOperator, PythonExpr)
        case binary(PythonBinaryOperator, PythonExpr, PythonExpr)
        /// `x.y` or `x[i]` on something other than `_base_`: kept while parsing so that an
        /// assignment target can be named precisely, rejected before evaluation.
        case access(PythonAccess, PythonExpr)
    }

    var kind: Kind
    /// Where the expression starts, as Python's AST reports it (a binary operation starts at its
    /// left operand; a parenthesized tuple at its parenthesis).
    var location: SourceLocation
}

struct PythonKeyword: Sendable {
    var name: String
    var nameLocation: SourceLocation
    var value: PythonExpr
}

enum PythonBaseStep: Sendable {
    case attribute(String, at: SourceLocation)
    case index(PythonExpr, at: SourceLocation)
}

enum PythonAccess: Sendable {
    case attribute
    case index
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
    case power = "**"
}

/// A top-level `NAME = expr`.
struct PythonAssignment: Sendable {
    var name: String
    var nameLocation: SourceLocation
    var value: PythonExpr
}
