import ConfigLang

/// A stage's config with everything applied: bases, experiment overlays, overrides, references,
/// schema defaults.
public struct ResolvedStage: Sendable {
    public var name: String
    public var configFile: String
    /// Resolved and validated, defaults filled in.
    public var config: ConfigNode
    /// The same without the command-line overrides, to show what they change.
    public var withoutOverrides: ConfigNode?
    public var initFrom: String?
    public var declaredChanges: [(path: String, node: ConfigNode)]
    public var overrides: [Override]
    public var warnings: [String]

    public func value(_ path: String) -> ConfigNode? { try? config.descendant(at: path) }
}

/// Resolves the stages of an experiment.
public struct StageResolver: Sendable {
    public var experiment: Experiment
    public var validator: SchemaValidator
    public var overrides: StageOverrides

    public init(experiment: Experiment, overrides: StageOverrides, registry: Registry = .standard) {
        self.experiment = experiment
        self.validator = SchemaValidator(registry: registry)
        self.overrides = overrides
    }

    public func resolve(_ name: String) throws -> ResolvedStage {
        guard let stage = experiment.stage(name) else {
            let names = experiment.stages.map(\.name)
            let hint = Suggestions.closest(to: name, among: names).map { "; did you mean '\($0)'?" } ?? ""
            throw ConfigError(.stageGraph, "experiment '\(experiment.name)' has no stage '\(name)'\(hint) (stages: \(names.joined(separator: ", ")))")
        }
        let loader = ConfigLoader(keySchema: RegistryKeySchema(registry: validator.registry))
        let overlays = experiment.overlays(of: name)
        let stageOverrides = overrides.overrides(for: name)
        let loaded = try loader.load(stage.configFile, overlays: overlays, overrides: stageOverrides)
        let config = try validated(OpenSoraChain.filled(loaded.root, stage: name))
        var plain: ConfigNode? = nil
        if !stageOverrides.isEmpty {
            plain = try validated(OpenSoraChain.filled(try loader.load(stage.configFile, overlays: overlays, overrides: []).root, stage: name))
        }
        guard case .mapping(let entries) = config.value, let stageNode = entries["stage"] else {
            preconditionFailure("a validated stage config has a 'stage' key")
        }
        if case .string(let written) = stageNode.value, written != name {
            throw SchemaValidator.error("this config says it is stage '\(written)', but experiment '\(experiment.name)' uses it as stage '\(name)'", at: stageNode, kind: .stageGraph)
        }
        var initFrom: String? = nil
        if case .string(let upstream)? = entries["init_from"]?.value { initFrom = upstream }
        var declared: [(String, ConfigNode)] = []
        if case .list(let items)? = entries["declared_changes"]?.value {
            for item in items { if case .string(let path) = item.value { declared.append((path, item)) } }
        }
        return ResolvedStage(name: name, configFile: stage.configFile, config: config, withoutOverrides: plain,
                             initFrom: initFrom, declaredChanges: declared, overrides: stageOverrides, warnings: loaded.warnings)
    }

    private func validated(_ root: ConfigNode) throws -> ConfigNode {
        try validator.validateStage(root)
    }

    /// The chain that ends at `target`, root first: each stage's init_from, then its own, and so on.
    /// A stage whose model starts from an explicit `model.from_pretrained` cuts the chain there.
    public func chain(to target: String) throws -> [ResolvedStage] {
        var chain: [ResolvedStage] = []
        var next: String? = target
        var pointedAt: ConfigNode? = nil
        while let name = next {
            if chain.contains(where: { $0.name == name }) {
                let cycle = (chain.map(\.name).reversed() + [name]).joined(separator: " → ")
                throw ConfigError(.stageGraph, "the stages' init_from form a cycle: \(cycle)", at: pointedAt?.location)
            }
            if experiment.stage(name) == nil, let pointer = pointedAt, let child = chain.last {
                throw SchemaValidator.error("stage '\(child.name)' starts from stage '\(name)', which experiment '\(experiment.name)' does not include (stages: \(experiment.stages.map(\.name).joined(separator: ", ")))", at: pointer, kind: .stageGraph)
            }
            let stage = try resolve(name)
            chain.append(stage)
            if case .string? = stage.value("model.from_pretrained")?.value { break }
            next = stage.initFrom
            pointedAt = stage.value("init_from")
        }
        for stageName in overrides.stages where !chain.contains(where: { $0.name == stageName }) {
            let origin = overrides.overrides(for: stageName).first.map { "\($0.origin): " } ?? ""
            throw ConfigError(.invalidOverride, "\(origin)stage '\(stageName)' is not in the chain to \(target) (\(chain.reversed().map(\.name).joined(separator: " → ")))")
        }
        return chain.reversed()
    }
}
