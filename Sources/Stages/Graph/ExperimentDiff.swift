import ConfigLang

/// Two experiments compared stage by stage: each stage's resolved config (overlays applied) in A
/// against the same stage in B.
public struct ExperimentDiff: Sendable {
    public enum Entry: Sendable {
        case both(stage: String, diff: ConfigDiff)
        case onlyInA(stage: String)
        case onlyInB(stage: String)
    }

    public var entries: [Entry]

    public var isEqual: Bool {
        entries.allSatisfy { if case .both(_, let diff) = $0 { return diff.isEqual } else { return false } }
    }

    public init(_ a: Experiment, _ b: Experiment, labels: (a: String, b: String)) throws {
        let resolveA = StageResolver(experiment: a, overrides: StageOverrides(target: ""))
        let resolveB = StageResolver(experiment: b, overrides: StageOverrides(target: ""))
        var entries: [Entry] = []
        for stage in a.stages {
            guard b.stage(stage.name) != nil else {
                entries.append(.onlyInA(stage: stage.name))
                continue
            }
            let diff = ConfigDiff(try resolveA.resolve(stage.name).config, try resolveB.resolve(stage.name).config,
                                  labels: ("\(labels.a) \(stage.name)", "\(labels.b) \(stage.name)"))
            entries.append(.both(stage: stage.name, diff: diff))
        }
        for stage in b.stages where a.stage(stage.name) == nil { entries.append(.onlyInB(stage: stage.name)) }
        self.entries = entries
    }
}
