/// A parsed config file in any of the three formats, with the two questions the loader asks:
/// what are its bases, and what does it say once its bases are known.
enum ParsedDocument {
    case data(ConfigNode?, file: String)
    case python(PythonConfigFile)

    init(format: ConfigFormat, source: SourceText) throws {
        switch format {
        case .yaml: self = .data(try YAMLReader.read(source), file: source.file)
        case .json: self = .data(try JSONConfigReader.read(source), file: source.file)
        case .python: self = .python(try PythonConfigFile.parse(source))
        }
    }

    /// The `_base_` value, if the file declares one.
    func baseDeclaration() throws -> ConfigNode? {
        switch self {
        case .data(let root, _):
            guard let root, case .mapping(let entries) = root.value else { return nil }
            return entries["_base_"]
        case .python(let file):
            return try file.baseDeclaration()
        }
    }

    /// The file's own content; Python files are evaluated with `_base_` bound to `base`.
    func body(base: ConfigNode?) throws -> ConfigNode {
        try bodyChangingBase(base: base).own
    }

    /// The file's own content and the base as the file left it (a Python file may change
    /// `_base_` in place before the merge).
    func bodyChangingBase(base: ConfigNode?) throws -> (own: ConfigNode, base: ConfigNode?) {
        if case .python(let file) = self { return try file.evaluateChangingBase(base: base) }
        return (try plainBody(), base)
    }

    private func plainBody() throws -> ConfigNode {
        switch self {
        case .data(let root, let file):
            guard let root else {
                throw ConfigError(.notAMapping, "'\(file)' is empty; a config file must be a mapping", at: SourceLocation(file: file, line: 1, column: 1))
            }
            return root
        case .python(let file):
            return try file.evaluate(base: nil)
        }
    }
}
