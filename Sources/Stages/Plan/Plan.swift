import ConfigLang

/// Whether a stage has to run.
public enum StageStatus: Sendable {
    /// A completed run with the same fingerprint exists: its weights are reused.
    case done(RunRecord)
    /// A run exists, but it no longer matches (the reasons say why), or it stopped before the end.
    case stale(reasons: [String], previous: RunRecord)
    /// No run of this stage exists.
    case missing

    public var label: String {
        switch self {
        case .done: return "done"
        case .stale: return "stale"
        case .missing: return "missing"
        }
    }

    public var mustRun: Bool {
        if case .done = self { return false }
        return true
    }
}

/// Where a stage's weights come from.
public enum StartingWeights: Sendable {
    /// A root stage: initial weights from the seed.
    case seed
    /// `model.from_pretrained`.
    case pretrained(String)
    /// The upstream stage's final weights: known when it is done, produced by this plan otherwise.
    case upstream(stage: String, path: String?)
}

/// One command-line override, with the value it replaced.
public struct OverrideChange: Sendable {
    public var path: String
    public var old: ConfigValue?
    public var new: ConfigValue?
    public var origin: Origin?
}

/// One stage of a plan.
public struct PlannedStage: Sendable {
    public var stage: ResolvedStage
    public var inputs: FingerprintInputs
    public var fingerprint: String
    public var runDirectory: String
    public var status: StageStatus
    public var start: StartingWeights
    public var overrideChanges: [OverrideChange]
    /// Why the stage cannot run here (its dataset table is missing); `plan` shows them, `run` stops.
    public var blockers: [ConfigError]

    public var name: String { stage.name }
}

/// The chain that ends at the target stage, root first, with what each stage will do.
public struct Plan: Sendable {
    public var experiment: Experiment
    public var target: String
    public var stages: [PlannedStage]

    public var toRun: [PlannedStage] { stages.filter { $0.status.mustRun } }
}
