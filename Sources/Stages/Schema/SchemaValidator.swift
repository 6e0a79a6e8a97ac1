import ConfigLang

/// Every schema problem found in a config, in the order of the config. Rendered one after another.
public struct SchemaErrors: Error, Sendable, CustomStringConvertible {
    public var errors: [ConfigError]
    public init(_ errors: [ConfigError]) { self.errors = errors }
    public var description: String { errors.map { $0.rendered(quotingSource: false) }.joined(separator: "\n") }
}

/// Checks a stage config against the registry before anything runs, and fills in defaults.
///
/// Unknown parameters get a did-you-mean, wrong types and out-of-range values say what was
/// expected, unknown types list the registered types of the category; every message points at the
/// file position, experiment overlay or command-line argument the value came from.
public struct SchemaValidator: Sendable {
    public var registry: Registry

    public init(registry: Registry = .standard) {
        self.registry = registry
    }

    /// The config with defaults filled in (origin `<default>`) and integers in float parameters
    /// made floats, or every problem found.
    public func validateStage(_ root: ConfigNode) throws(SchemaErrors) -> ConfigNode {
        var errors: [ConfigError] = []
        let engine = registry.engine(of: root)
        let normalized = check(root, against: registry.stageSchema(for: engine), engine: engine, path: "", skipping: [], errors: &errors)
        guard errors.isEmpty else { throw SchemaErrors(errors) }
        return normalized
    }

    /// The schema a component mapping names, or an error naming the registered types.
    public func schema(of node: ConfigNode, in category: Category, engine: Engine, path: String) -> Result<(schema: TypeSchema, typeKey: String?), ConfigError> {
        if let table = registry.types(in: category, engine: engine).first(where: { $0.tableCheck != nil }) { return .success((table, nil)) }
        guard case .mapping(let entries) = node.value else {
            return .failure(Self.error("\(path): expected a {type: …} mapping, found \(ValueText.describe(node.value))", at: node))
        }
        let present = category.typeKeys.filter { entries[.string($0)] != nil }
        if present.count > 1 {
            let second = entries[.string(present[1])]!
            return .failure(Self.error("\(path): give the type once, as '\(present[0])' or '\(present[1])', not both", at: second, preferKey: true))
        }
        guard let typeKey = present.first, let typeNode = entries[.string(typeKey)] else {
            let known = registry.names(in: category, engine: engine).joined(separator: ", ")
            return .failure(Self.error("\(path): missing '\(category.typeKeys[0])': the \(category.rawValue) type (registered: \(known))", at: node))
        }
        guard case .string(let name) = typeNode.value else {
            return .failure(Self.error("\(path).\(typeKey): expected a type name (a string), found \(ValueText.describe(typeNode.value))", at: typeNode))
        }
        guard let schema = registry.lookUp(name, in: category, engine: engine) else {
            if let other = registry.lookUp(name, in: category) {
                return .failure(Self.error("\(path).\(typeKey): \(category.rawValue) type '\(name)' runs on \(other.engine.title), but this stage runs on \(engine.title) (the engine of its model's type); its \(category.rawValue) types: \(registry.names(in: category, engine: engine).joined(separator: ", "))", at: typeNode, kind: .stageGraph))
            }
            let known = registry.names(in: category, engine: engine)
            let aliases = registry.types(in: category, engine: engine).flatMap(\.aliases)
            let hint = Suggestions.closest(to: name, among: known + aliases).map { "; did you mean '\($0)'?" } ?? ""
            return .failure(Self.error("\(path).\(typeKey): unknown \(category.rawValue) type '\(name)'\(hint) registered \(category.rawValue) types: \(known.joined(separator: ", "))", at: typeNode))
        }
        return .success((schema, typeKey))
    }

    private func check(_ node: ConfigNode, against schema: TypeSchema, engine: Engine, path: String, skipping: Set<String>, errors: inout [ConfigError]) -> ConfigNode {
        guard case .mapping(let entries) = node.value else {
            errors.append(Self.error("\(path.isEmpty ? "the config" : path): expected a mapping, found \(ValueText.describe(node.value))", at: node))
            return node
        }
        var out = ConfigMapping()
        var sound = true
        for (key, child) in entries {
            let name = key.description
            let childPath = path.isEmpty ? name : "\(path).\(name)"
            if skipping.contains(name) {
                out[key] = child
                continue
            }
            guard let parameter = schema.parameter(name) else {
                let hint = Suggestions.closest(to: name, among: schema.parameters.map(\.name)).map { "; did you mean '\($0)'?" } ?? ""
                let owner = schema.category.map { "\($0.rawValue) type '\(schema.name)'" } ?? "a stage config"
                errors.append(Self.error("unknown parameter '\(childPath)' of \(owner)\(hint)", at: child, preferKey: true))
                sound = false
                continue
            }
            out[key] = checkValue(child, parameter: parameter, engine: engine, path: childPath, errors: &errors, sound: &sound)
        }
        for parameter in schema.parameters where entries[.string(parameter.name)] == nil {
            guard let value = parameter.defaultValue else {
                errors.append(Self.error("\(path.isEmpty ? "the config" : path) is missing '\(parameter.name)': \(parameter.doc)", at: node))
                sound = false
                continue
            }
            let origin = Origin.builtin("default of \(schema.name).\(parameter.name)")
            var filled = Self.stamped(ConfigNode(value, location: nil, history: []), origin: origin)
            if case .component(let category) = parameter.type {
                filled = checkComponent(filled, category: category, engine: engine, path: path.isEmpty ? parameter.name : "\(path).\(parameter.name)", errors: &errors)
            }
            out[.string(parameter.name)] = filled
        }
        if sound {
            for check in schema.checks {
                if let issue = check(out), let culprit = out[.string(issue.key)] {
                    errors.append(Self.error("\(path.isEmpty ? issue.key : "\(path).\(issue.key)"): \(issue.message)", at: culprit))
                }
            }
        }
        var result = node
        result.value = .mapping(out)
        return result
    }

    private func checkValue(_ node: ConfigNode, parameter: Parameter, engine: Engine, path: String, errors: inout [ConfigError], sound: inout Bool) -> ConfigNode {
        if case .component(let category) = parameter.type {
            return checkComponent(node, category: category, engine: engine, path: path, errors: &errors)
        }
        if let problem = parameter.type.problem(with: node.value) {
            errors.append(Self.error("\(path): \(problem)", at: node))
            sound = false
            return node
        }
        return Self.floatsMadeFloat(node, type: parameter.type)
    }

    private func checkComponent(_ node: ConfigNode, category: Category, engine: Engine, path: String, errors: inout [ConfigError]) -> ConfigNode {
        switch schema(of: node, in: category, engine: engine, path: path) {
        case .failure(let error):
            errors.append(error)
            return node
        case .success(let (schema, typeKey)):
            if let tableCheck = schema.tableCheck {
                errors += tableCheck(node, path)
                return node
            }
            return check(node, against: schema, engine: engine, path: path, skipping: Set(typeKey.map { [$0] } ?? []), errors: &errors)
        }
    }

    /// A default value, with the default as the origin of every node in it.
    static func stamped(_ node: ConfigNode, origin: Origin) -> ConfigNode {
        var node = node
        node.history = [ProvenanceEvent(.set, at: origin)]
        switch node.value {
        case .mapping(let entries):
            var out = ConfigMapping()
            for (key, child) in entries { out[key] = stamped(child, origin: origin) }
            node.value = .mapping(out)
        case .list(let items): node.value = .list(items.map { stamped($0, origin: origin) })
        case .tuple(let items): node.value = .tuple(items.map { stamped($0, origin: origin) })
        default: break
        }
        return node
    }

    /// `lr: 1` and `lr: 1.0` are the same setting; make the value a float so it is stored, shown
    /// and fingerprinted as one.
    static func floatsMadeFloat(_ node: ConfigNode, type: ParameterType) -> ConfigNode {
        var node = node
        switch (type, node.value) {
        case (.float, .int(let number)): node.value = .float(Double(number))
        case (.optional(let inner), _): return floatsMadeFloat(node, type: inner)
        case (.tuple(let types), .tuple(let items)) where types.count == items.count:
            node.value = .tuple(zip(types, items).map { floatsMadeFloat($1, type: $0) })
        case (.tuple(let types), .list(let items)) where types.count == items.count:
            node.value = .list(zip(types, items).map { floatsMadeFloat($1, type: $0) })
        case (.list(let type), .list(let items)): node.value = .list(items.map { floatsMadeFloat($0, type: type) })
        case (.table(let type), .mapping(let entries)):
            var out = ConfigMapping()
            for (key, child) in entries { out[key] = floatsMadeFloat(child, type: type) }
            node.value = .mapping(out)
        default: break
        }
        return node
    }

    /// A schema error at the place the value came from: its file position (or the key's, for
    /// unknown keys), the experiment overlay, or the command-line argument.
    public static func error(_ message: String, at node: ConfigNode, preferKey: Bool = false, kind: ConfigError.Kind = .schema) -> ConfigError {
        switch node.origin {
        case .argument(let index, let text)?:
            return ConfigError(kind, "argument \(index): \(text): \(message)")
        case .builtin(let why)?:
            return ConfigError(kind, "\(message) (<\(why)>)")
        case .experiment(let location)?:
            return ConfigError(kind, message + " (experiment overlay)", at: preferKey ? (node.keyLocation ?? location) : location)
        case .file(let location)?:
            return ConfigError(kind, message, at: preferKey ? (node.keyLocation ?? location) : (node.location ?? location))
        case nil:
            return ConfigError(kind, message, at: preferKey ? (node.keyLocation ?? node.location) : node.location)
        }
    }
}
