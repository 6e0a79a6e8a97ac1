import ConfigLang

/// One declared value of a validated stage config with its role: what fingerprints hash and what
/// contracts compare.
public struct RoledValue: Sendable {
    /// Dotted path (`model.hidden_size`; a component's type is `model.type` whatever key named it).
    public var path: String
    public var role: ParameterRole
    /// The value as fingerprints see it (a type alias is replaced by the type's name).
    public var value: ConfigValue
    /// The node in the config, for its origin.
    public var node: ConfigNode
}

extension SchemaValidator {
    /// Every declared value of a validated stage config, in config order, with its role.
    /// A component's type counts as weight-shaping when its schema has weight-shaping parameters.
    public func roledValues(of config: ConfigNode) -> [RoledValue] {
        var out: [RoledValue] = []
        let engine = registry.engine(of: config)
        collect(config, schema: registry.stageSchema(for: engine), engine: engine, path: "", skipping: [], into: &out)
        return out
    }

    private func collect(_ node: ConfigNode, schema: TypeSchema, engine: Engine, path: String, skipping: Set<String>, into out: inout [RoledValue]) {
        guard case .mapping(let entries) = node.value else { return }
        for (key, child) in entries where !skipping.contains(key.description) {
            guard let parameter = schema.parameter(key.description) else { continue }
            let childPath = path.isEmpty ? key.description : "\(path).\(key)"
            guard case .component(let category) = parameter.type else {
                out.append(RoledValue(path: childPath, role: parameter.role, value: child.value, node: child))
                continue
            }
            guard case .success(let (component, typeKey)) = self.schema(of: child, in: category, engine: engine, path: childPath) else { continue }
            guard let typeKey, let typeNode = child.value.mapping?[.string(typeKey)] else {
                out.append(RoledValue(path: childPath, role: parameter.role, value: child.value, node: child))
                continue
            }
            let shapes = component.parameters.contains { $0.role == .weights }
            out.append(RoledValue(path: "\(childPath).type", role: shapes ? .weights : .result, value: .string(component.name), node: typeNode))
            collect(child, schema: component, engine: engine, path: childPath, skipping: [typeKey], into: &out)
        }
    }
}
