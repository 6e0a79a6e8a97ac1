import OrderedCollections

/// The names a new-style config module defines, as its children import them.
public struct PythonLazyModule: Sendable {
    /// Every name the module binds (placeholders still marked), in binding order.
    public var globals: OrderedDictionary<String, ConfigNode>
    /// Names bound by imports here and in its bases: mmengine leaves them out of the config.
    public var imported: Set<String>
}

/// One `from .x.y import ...` inside `with read_base():`.
public struct PythonBaseImport: Sendable {
    /// mmengine's key: the leading dots, then the module (`.._base_.models.x`).
    public var key: String
    public var module: String
    public var level: Int
    public var location: SourceLocation
}

/// mmengine's new-style ("lazy import") configs: `with read_base():` imports names from base
/// config modules (no merging: each name is the base's value, a ConfigDict), other imports bind
/// placeholders written as `"package.module.Name"`.
extension PythonConfigFile {
    /// mmengine's `_is_lazy_import`: the first top-level statement that decides.
    public var isLazy: Bool {
        for statement in statements {
            switch statement.kind {
            case .assign(let targets, _):
                if case .name("_base_", _)? = targets.first { return false }
            case .readBase:
                return true
            case .importFrom(let module, let level, let names):
                if level > 0 { return true }
                if module == "mmengine" && names.count == 1 && names[0].name == "Config" { continue }
                if !Self.isStandardModule(module) { return true }
            case .importModule(let module, _):
                if !Self.isStandardModule(module) { return true }
            default:
                continue
            }
        }
        return false
    }

    /// Modules mmengine treats as built-in (not imported lazily). strata follows Python 3.8–3.10,
    /// where `os` is one (on 3.11 `os` is frozen and mmengine misjudges it).
    static func isStandardModule(_ module: String) -> Bool {
        if module.hasPrefix("mmengine.config") { return true }
        let top = String(module.split(separator: ".").first ?? "")
        return ["os", "math", "copy", "sys", "re", "json", "random", "time", "collections", "functools",
                "itertools", "typing", "warnings", "datetime", "pathlib", "numbers", "string"].contains(top)
    }

    /// The base modules: the imports of the first `with read_base():` block.
    public func lazyBaseImports() throws -> [PythonBaseImport] {
        for statement in statements {
            guard case .readBase(let imports) = statement.kind else { continue }
            return try imports.map { item in
                guard case .importFrom(let module, let level, _) = item.kind, !module.isEmpty else {
                    throw PythonSyntax.unsupported("statement in `with read_base():` other than `from .module import ...`", at: item.location)
                }
                return PythonBaseImport(key: String(repeating: ".", count: level) + module, module: module, level: level, location: item.location)
            }
        }
        return []
    }

    /// Runs a new-style config with its base modules already loaded (by key).
    public func evaluateLazy(bases: [String: PythonLazyModule]) throws -> PythonLazyModule {
        var evaluator = PythonEvaluator(base: nil)
        evaluator.lazyMode = true
        for module in bases.values { evaluator.imported.formUnion(module.imported) }
        func baseImport(_ statement: PythonStatement) -> (PythonLazyModule, [(name: String, alias: String?, at: SourceLocation)])? {
            guard case .importFrom(let module, let level, let names) = statement.kind,
                  let base = bases[String(repeating: ".", count: level) + module] else { return nil }
            return (base, names)
        }
        let flat = statements.flatMap { statement -> [PythonStatement] in
            if case .readBase(let inner) = statement.kind { return inner }
            return [statement]
        }
        // mmengine binds the names of base modules before the file runs.
        for statement in flat {
            guard let (base, names) = baseImport(statement) else { continue }
            for item in names {
                if item.name == "*" {
                    for (name, node) in base.globals { evaluator.bindBaseName(name, node) }
                    break
                }
                guard let node = base.globals[item.name] else {
                    throw ConfigError(.pythonEval, "cannot import name '\(item.name)' from the base config", at: item.at)
                }
                evaluator.bindBaseName(item.alias ?? item.name, node)
            }
        }
        for statement in flat where baseImport(statement) == nil {
            try evaluator.executeLazy(statement)
        }
        var globals = OrderedDictionary<String, ConfigNode>()
        for (name, node) in evaluator.names where !name.hasPrefix("__") { globals[name] = node }
        return PythonLazyModule(globals: globals, imported: evaluator.imported)
    }

    /// The config of a new-style entry file: its names minus imported ones, placeholders written
    /// as mmengine writes them.
    public static func config(of module: PythonLazyModule, at location: SourceLocation) throws -> ConfigNode {
        var mapping = ConfigMapping()
        for (name, node) in module.globals where !module.imported.contains(name) {
            let written = PythonLazy.written(node)
            if let place = marked(written) {
                throw PythonSyntax.unsupported("an imported object (mmengine's LazyObject) used inside a string or as a key of '\(name)'", at: place)
            }
            mapping[.string(name)] = written
        }
        return ConfigNode(.mapping(mapping), location: location)
    }

    /// Where a placeholder survives inside a longer string or as a key (mmengine would keep the object).
    static func marked(_ node: ConfigNode) -> SourceLocation? {
        switch node.value {
        case .string(let s): return s.contains(PythonLazy.marker) ? (node.location ?? SourceLocation(file: "?", line: 1, column: 1)) : nil
        case .list(let items), .tuple(let items): return items.lazy.compactMap(marked).first
        case .mapping(let m):
            for (key, child) in m {
                if key.stringValue?.contains(PythonLazy.marker) == true { return child.keyLocation ?? node.location }
                if let place = marked(child) { return place }
            }
            return nil
        default: return nil
        }
    }
}

extension PythonEvaluator {
    /// A name imported from a base module: the base's value, a ConfigDict when a mapping.
    mutating func bindBaseName(_ name: String, _ node: ConfigNode) {
        names[name] = node
        configDicts.insert(name)
    }

    mutating func executeLazy(_ statement: PythonStatement) throws {
        switch statement.kind {
        case .importFrom(let module, let level, let names):
            let key = String(repeating: ".", count: level) + module
            if level == 0 && PythonConfigFile.isStandardModule(module) {
                for item in names where item.name != "*" { imported.insert(item.alias ?? item.name) }
                try execute(statement)
                return
            }
            for item in names {
                if item.name == "*" { throw PythonSyntax.unsupported("'from \(key) import *' of a module that is not a base config", at: item.at) }
                let bound = item.alias ?? item.name
                imported.insert(bound)
                try bindName(bound, Evaluated(node: ConfigNode(.null, location: item.at), sources: [], callable: .lazy(.object(module: key, imported: item.name))), at: item.at)
            }
        case .importModule(let module, let alias):
            if let alias {
                imported.insert(alias)
                if PythonConfigFile.isStandardModule(module) { try execute(statement); return }
                try bindName(alias, Evaluated(node: ConfigNode(.null, location: statement.location), sources: [], callable: .lazy(.object(module: module, imported: nil))), at: statement.location)
            } else if PythonConfigFile.isStandardModule(module) {
                throw PythonSyntax.unsupported("'import \(module)' in a new-style config (mmengine keeps the module object in the config)", at: statement.location)
            } else {
                let top = String(module.split(separator: ".")[0])
                imported.insert(top)
                try bindName(top, Evaluated(node: ConfigNode(.null, location: statement.location), sources: [], callable: .lazy(.object(module: top, imported: nil))), at: statement.location)
            }
        case .readBase:
            throw PythonSyntax.unsupported("a second `with read_base():` block", at: statement.location)
        default:
            try execute(statement)
        }
    }
}
