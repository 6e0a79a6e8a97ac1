import OrderedCollections

/// A Python config file read as data: a module of `NAME = expression` statements over literals,
/// `dict(...)`, displays, arithmetic, earlier names and `_base_` references (design.md §3).
public struct PythonConfigFile: Sendable {
    let source: SourceText
    let statements: [PythonAssignment]

    /// Tokenizes and parses the whole file; syntax errors and unsupported constructs are reported here.
    public static func parse(_ source: SourceText) throws -> PythonConfigFile {
        PythonConfigFile(source: source, statements: try PythonParser.parse(source))
    }

    /// The first top-level `_base_ = expr`, evaluated with NO names bound (as mmengine does); nil when
    /// the file has none. Later `_base_ =` statements are ignored.
    public func baseDeclaration() throws -> ConfigNode? {
        guard let statement = statements.first(where: { $0.name == "_base_" }) else { return nil }
        var node = try PythonEvaluator(base: nil).evaluate(statement.value).node
        node.keyLocation = statement.nameLocation
        return node
    }

    /// Runs the file with every top-level `_base_ = …` statement removed and the name `_base_` bound to
    /// `base` (the already-resolved base config, a mapping node; nil when the file has no base — then
    /// using `_base_` is an error). Returns a mapping node of the names the file binds, in
    /// first-binding order (rebinding keeps the position, like a Python dict), excluding names that
    /// start with `__`; names like `_x` are kept.
    public func evaluate(base: ConfigNode?) throws -> ConfigNode {
        var evaluator = PythonEvaluator(base: base)
        for statement in statements where statement.name != "_base_" {
            try evaluator.bind(statement)
        }
        var mapping = ConfigMapping()
        for (name, node) in evaluator.names where !name.hasPrefix("__") {
            mapping[.string(name)] = node
        }
        return ConfigNode(.mapping(mapping), location: source.location(line: 1, column: 1))
    }
}
