import ConfigLang

/// The registered types of every category for every engine, and the schema of a stage config's
/// top level for each engine.
///
/// Types are looked up by name or alias within an engine: strata's `video_text` and Open-Sora's
/// `video_text` are two schemas, each saying what its own trainer reads. `Registry.standard` is
/// what strata ships; tests and the trainer may build their own with `register`.
public struct Registry: Sendable {
    public private(set) var types: [Category: [TypeSchema]] = [:]
    /// The top-level keys of a stage config, per engine.
    public private(set) var stageSchemas: [Engine: TypeSchema] = [:]

    /// A registry whose stage configs have `stage` as their top-level schema (strata's engine).
    public init(stage: TypeSchema) {
        stageSchemas[stage.engine] = stage
    }

    /// The top-level schema of strata's own stage configs.
    public var stage: TypeSchema { stageSchema(for: .strata) }

    /// The top-level schema of a stage run by `engine` (strata's when the engine has none).
    public func stageSchema(for engine: Engine) -> TypeSchema {
        stageSchemas[engine] ?? stageSchemas[.strata] ?? TypeSchema(nil, "stage", doc: "", parameters: [])
    }

    public mutating func setStageSchema(_ schema: TypeSchema) {
        stageSchemas[schema.engine] = schema
    }

    public mutating func register(_ schema: TypeSchema) {
        guard let category = schema.category else { preconditionFailure("a registered type needs a category") }
        precondition(lookUp(schema.name, in: category, engine: schema.engine)?.name != schema.name,
                     "type \(schema.name) registered twice in \(category) for \(schema.engine)")
        types[category, default: []].append(schema)
    }

    /// The schema a name or alias stands for (exact match; then ignoring case, `-` and `_`),
    /// among the types of `engine`; nil engine: any engine, strata's first.
    public func lookUp(_ name: String, in category: Category, engine: Engine? = nil) -> TypeSchema? {
        let candidates = self.types(in: category, engine: engine)
        if let exact = candidates.first(where: { $0.name == name || $0.aliases.contains(name) }) { return exact }
        let folded = Self.fold(name)
        return candidates.first { Self.fold($0.name) == folded || $0.aliases.contains { Self.fold($0) == folded } }
    }

    /// The types of a category (of one engine, or of all, strata's first), in registration order.
    public func types(in category: Category, engine: Engine? = nil) -> [TypeSchema] {
        let all = types[category] ?? []
        guard let engine else { return Engine.allCases.flatMap { engine in all.filter { $0.engine == engine } } }
        return all.filter { $0.engine == engine }
    }

    /// Names (not aliases) registered in a category, in registration order.
    public func names(in category: Category, engine: Engine? = nil) -> [String] {
        var seen = Set<String>()
        return types(in: category, engine: engine).map(\.name).filter { seen.insert($0).inserted }
    }

    /// The engine that runs a stage config: the engine of its model's type. A config whose model
    /// type is unknown (or missing) is strata's, whose validator then says what is wrong.
    public func engine(of root: ConfigNode) -> Engine {
        guard case .mapping(let entries) = root.value, case .mapping(let model)? = entries["model"]?.value else { return .strata }
        for key in Category.model.typeKeys {
            guard case .string(let name)? = model[.string(key)]?.value else { continue }
            if lookUp(name, in: .model, engine: .strata) != nil { return .strata }
            if let schema = lookUp(name, in: .model) { return schema.engine }
        }
        return .strata
    }

    private static func fold(_ name: String) -> String {
        name.lowercased().replacingOccurrences(of: "-", with: "").replacingOccurrences(of: "_", with: "")
    }

    /// What strata ships: the types of the training engine, Open-Sora 2.0's types, and both
    /// stage schemas.
    public static let standard: Registry = {
        var registry = Registry(stage: StageSchema.schema)
        registry.setStageSchema(OpenSoraStageSchema.schema)
        for schema in BuiltinTypes.all + OpenSoraTypes.all { registry.register(schema) }
        return registry
    }()
}
