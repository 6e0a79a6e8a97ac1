/// One token of a Python config file.
struct PythonToken: Sendable {
    enum Kind: Sendable, Equatable {
        case name(String)
        case keyword(String)
        /// The magnitude of an integer literal; nil when it does not fit in 64 unsigned bits.
        case int(UInt64?, text: String)
        case float(Double)
        case string(String)
        /// An f-string, split into literal text and replacement fields still to be parsed.
        case fstring([PythonRawFStringPart])
        /// An operator or a delimiter, as written (`**`, `//`, `(`, `+=`, ...).
        case op(String)
        /// Leading whitespace on a logical line (an error, reported when the parser gets there, so that
        /// `def f():` on the line before is named as the unsupported construct it is).
        case indent
        /// The end of a logical line.
        case newline
        case endOfFile
    }

    var kind: Kind
    var location: SourceLocation

    /// How the token reads in a message ("',' ", "end of line").
    var described: String {
        switch kind {
        case .name(let n): return "name '\(n)'"
        case .keyword(let k): return "'\(k)'"
        case .int(_, let text): return "number \(text)"
        case .float: return "a number"
        case .string, .fstring: return "a string"
        case .op(let o): return "'\(o)'"
        case .indent: return "indentation"
        case .newline: return "end of line"
        case .endOfFile: return "end of file"
        }
    }

    func isOp(_ text: String) -> Bool { kind == .op(text) }
    func isKeyword(_ text: String) -> Bool { kind == .keyword(text) }
}

/// A piece of an f-string as lexed: the text of a field's expression is tokenized and parsed later,
/// from the line and column where it starts.
enum PythonRawFStringPart: Sendable, Equatable {
    case literal(String)
    case field(text: String, line: Int, column: Int, conversion: Unicode.Scalar?, spec: [PythonRawFStringPart])
}

enum PythonSyntax {
    /// Python's hard keywords (soft keywords such as `match` are names).
    static let keywords: Set<String> = [
        "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class",
        "continue", "def", "del", "elif", "else", "except", "finally", "for", "from", "global",
        "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return",
        "try", "while", "with", "yield",
    ]

    /// Operators and delimiters, longest first so that matching takes the longest.
    /// The operators with their scalars, split once: the tokenizer tries them at every operator.
    static let operatorScalars: [(String, [Unicode.Scalar])] = operators.map { ($0, Array($0.unicodeScalars)) }

    static let operators: [String] = [
        "**=", "//=", ">>=", "<<=", "...",
        "**", "//", "->", ":=", "==", "!=", "<=", ">=", "<<", ">>",
        "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "@=",
        "+", "-", "*", "/", "%", "@", "&", "|", "^", "~", "<", ">",
        "(", ")", "[", "]", "{", "}", ",", ":", ".", ";", "=",
    ]

    /// Python's own limit on bracket nesting (tokenizer MAXLEVEL).
    static let maximumNesting = 200

    static let unsupportedSuffix = " (strata reads Python configs as data, without running code; see docs/config-language.md)"

    static func unsupported(_ what: String, at location: SourceLocation?) -> ConfigError {
        ConfigError(.unsupportedConstruct, "unsupported construct \(what)" + unsupportedSuffix, at: location)
    }

    static func syntax(_ what: String, at location: SourceLocation?) -> ConfigError {
        ConfigError(.pythonEval, "invalid syntax: \(what)", at: location)
    }
}
