import ConfigLang

/// The keys a stage's trainer reads, from the registry, for strict overrides: at the top level the
/// stage schema of the config's engine, inside a component (`dataset`, `model`, `ae`, …) the
/// parameters of the type it names. A config that is no stage config (no `stage` key and no model
/// of a registered type, such as an mmdetection config) gets nothing declared: its overrides are
/// checked against its files alone.
public struct RegistryKeySchema: KeySchema {
    public var registry: Registry

    public init(registry: Registry = .standard) {
        self.registry = registry
    }

    public static let standard = RegistryKeySchema()

    public func declaredKeys(at path: [ConfigKey], in root: ConfigNode) -> [DeclaredKey] {
        guard isStageConfig(root) else { return [] }
        let engine = registry.engine(of: root)
        var schema = registry.stageSchema(for: engine)
        var node = root
        for (index, key) in path.enumerated() {
            // A table's keys are data: any key, read in the table's value type.
            if let parameter = schema.parameter(key.description), index == path.count - 1, case .table(let valueType) = parameter.type.unwrapped {
                return [DeclaredKey(DeclaredKey.anyName, valueType.valueKind)]
            }
            guard let parameter = schema.parameter(key.description), case .component(let category) = parameter.type.unwrapped,
                  case .mapping(let entries) = node.value, let child = entries[key],
                  case .success(let (component, _)) = SchemaValidator(registry: registry).schema(of: child, in: category, engine: engine, path: key.description)
            else { return [] }
            schema = component
            node = child
        }
        return schema.parameters.map { DeclaredKey($0.name, $0.type.valueKind) }
    }

    /// Whether the registry speaks for this config: it names its stage, or its model is of a
    /// registered type.
    private func isStageConfig(_ root: ConfigNode) -> Bool {
        guard case .mapping(let entries) = root.value else { return false }
        if entries["stage"] != nil { return true }
        guard case .mapping(let model)? = entries["model"]?.value else { return false }
        return Category.model.typeKeys.contains { key in
            guard case .string(let name)? = model[.string(key)]?.value else { return false }
            return registry.lookUp(name, in: .model) != nil
        }
    }
}

extension ParameterType {
    /// The type without `optional`.
    var unwrapped: ParameterType {
        if case .optional(let inner) = self { return inner.unwrapped }
        return self
    }

    /// How a command-line value for a parameter of this type is read.
    var valueKind: ValueKind {
        switch self {
        case .bool: return .bool
        case .int: return .int
        case .float: return .float
        case .string, .path, .choice: return .string
        case .tuple: return .tuple
        case .list: return .list
        case .table, .component: return .mapping
        case .optional(let inner): return .optional(inner.valueKind)
        case .any: return .any
        }
    }
}
