import OrderedCollections

/// A Python config file read as data: its statements are run by PythonEvaluator over literals,
/// displays, comprehensions, f-strings, allowed built-ins and imports, earlier names and `_base_`
/// (design.md §3, docs/config-language.md). No code is run.
public struct PythonConfigFile: Sendable {
    let source: SourceText
    let statements: [PythonStatement]

    /// Tokenizes and parses the whole file; syntax errors and unsupported constructs are reported here.
    public static func parse(_ source: SourceText) throws -> PythonConfigFile {
        PythonConfigFile(source: source, statements: try PythonParser.parse(source))
    }

    /// `_base_ = …` as mmengine finds it: a top-level assignment whose first target is `_base_`.
    static func isBaseDeclaration(_ statement: PythonStatement) -> Bool {
        if case .assign(let targets, _) = statement.kind, case .name("_base_", _)? = targets.first { return true }
        return false
    }

    /// The first top-level `_base_ = expr`, evaluated with NO names bound (as mmengine does); nil when
    /// the file has none. Later `_base_ =` statements are ignored.
    public func baseDeclaration() throws -> ConfigNode? {
        guard let statement = statements.first(where: Self.isBaseDeclaration),
              case .assign(let targets, let value) = statement.kind, case .name(_, let at)? = targets.first else { return nil }
        var evaluator = PythonEvaluator(base: nil)
        var node = try PythonEvaluator.stored(try evaluator.evaluate(value))
        node.keyLocation = at
        return node
    }

    /// Runs the file with every top-level `_base_ = …` statement removed and the name `_base_` bound to
    /// `base` (the already-resolved base config, a mapping node; nil when the file has no base — then
    /// using `_base_` is an error). Returns a mapping node of the names the file binds, in
    /// first-binding order (rebinding keeps the position, like a Python dict), excluding names that
    /// start with `__`, modules and functions; names like `_x` are kept.
    public func evaluate(base: ConfigNode?) throws -> ConfigNode {
        try evaluateChangingBase(base: base).own
    }

    /// The same, and the base as the file left it: `_base_.model.depth = 7` changes the base before
    /// the merge, as in mmengine.
    public func evaluateChangingBase(base: ConfigNode?) throws -> (own: ConfigNode, base: ConfigNode?) {
        var evaluator = PythonEvaluator(base: base)
        for statement in statements where !Self.isBaseDeclaration(statement) {
            try evaluator.execute(statement)
        }
        var mapping = ConfigMapping()
        for (name, node) in evaluator.names where !name.hasPrefix("__") {
            mapping[.string(name)] = node
        }
        return (ConfigNode(.mapping(mapping), location: source.location(line: 1, column: 1)), evaluator.base)
    }
}
