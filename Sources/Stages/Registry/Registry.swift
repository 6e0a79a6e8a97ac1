import ConfigLang

/// The registered types of every category, and the schema of a stage config's top level.
///
/// Types are looked up by name or alias. `Registry.standard` is what strata ships; tests and the
/// trainer may build their own with `register`.
public struct Registry: Sendable {
    public private(set) var types: [Category: [TypeSchema]] = [:]
    /// The schema of a stage config's top-level keys.
    public var stage: TypeSchema

    public init(stage: TypeSchema) {
        self.stage = stage
    }

    public mutating func register(_ schema: TypeSchema) {
        guard let category = schema.category else { preconditionFailure("a registered type needs a category") }
        precondition(lookUp(schema.name, in: category) == nil, "type \(schema.name) registered twice in \(category)")
        types[category, default: []].append(schema)
    }

    /// The schema a name or alias stands for (exact match; then ignoring case, `-` and `_`).
    public func lookUp(_ name: String, in category: Category) -> TypeSchema? {
        let candidates = types[category] ?? []
        if let exact = candidates.first(where: { $0.name == name || $0.aliases.contains(name) }) { return exact }
        let folded = Self.fold(name)
        return candidates.first { Self.fold($0.name) == folded || $0.aliases.contains { Self.fold($0) == folded } }
    }

    /// Names (not aliases) registered in a category, in registration order.
    public func names(in category: Category) -> [String] { (types[category] ?? []).map(\.name) }

    private static func fold(_ name: String) -> String {
        name.lowercased().replacingOccurrences(of: "-", with: "").replacingOccurrences(of: "_", with: "")
    }

    /// What strata ships: the types of the training engine and the stage schema.
    public static let standard: Registry = {
        var registry = Registry(stage: StageSchema.schema)
        for schema in BuiltinTypes.all { registry.register(schema) }
        return registry
    }()
}
