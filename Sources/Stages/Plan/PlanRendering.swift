import ConfigLang

/// The text `strata plan` prints.
public enum PlanRendering {
    public static func text(_ plan: Plan) -> String {
        let chain = plan.stages.map(\.name).joined(separator: " → ")
        var out = "plan for \(plan.target) in experiment \(plan.experiment.name): \(chain)\n"
        let width = plan.stages.map(\.name.count).max() ?? 0
        for stage in plan.stages {
            let name = stage.name.padding(toLength: width, withPad: " ", startingAt: 0)
            switch stage.status {
            case .done(let record):
                out += "  \(name)  done     reuse \(record.directory)\n"
            case .stale(let reasons, _):
                out += "  \(name)  stale    run in \(stage.runDirectory)\n"
                for reason in reasons { out += "  \(pad(width))           because \(reason)\n" }
            case .missing:
                out += "  \(name)  missing  run in \(stage.runDirectory)\n"
            }
            let engine = Registry.standard.engine(of: stage.stage.config)
            out += "  \(pad(width))           config \(stage.stage.configFile), fingerprint \(stage.fingerprint.prefix(12))"
                + (engine == .strata ? "" : ", on \(engine.title)") + "\n"
            out += "  \(pad(width))           starts from \(startText(stage.start))\n"
            for blocker in stage.blockers {
                out += "  \(pad(width))           cannot run here: \(blocker)\n"
            }
            if stage.inputs.dataSHA256 == nil, stage.blockers.isEmpty {
                out += "  \(pad(width))           no dataset table (dataset.data_path is null)\n"
            }
        }
        let changes = plan.stages.flatMap { stage in stage.overrideChanges.map { (stage.name, $0) } }
        if !changes.isEmpty {
            out += "overrides:\n"
            for (stage, change) in changes {
                let old = change.old.map(PythonRepr.render) ?? "(absent)"
                let new = change.new.map(PythonRepr.render) ?? "(removed)"
                out += "  \(stage): \(change.path) \(old) → \(new)" + (change.origin.map { "  (\($0))" } ?? "") + "\n"
            }
        }
        let toRun = plan.toRun.map(\.name)
        out += toRun.isEmpty ? "nothing to run: every stage is done\n" : "to run: \(toRun.joined(separator: ", "))\n"
        return out
    }

    private static func pad(_ width: Int) -> String { String(repeating: " ", count: width) }

    static func startText(_ start: StartingWeights) -> String {
        switch start {
        case .seed: return "its seed (a root stage)"
        case .pretrained(let path): return "\(path) (model.from_pretrained)"
        case .upstream(let stage, let path?): return "\(stage)'s final weights, \(path)"
        case .upstream(let stage, nil): return "\(stage)'s final weights, once it has run"
        }
    }
}

/// The stage graph of an experiment with each stage's status, as a text tree or Graphviz dot.
public struct GraphRendering {
    public var experiment: Experiment
    /// The planned stage of each stage (its own status), by name.
    public var stages: [String: PlannedStage]

    public init(experiment: Experiment, stages: [String: PlannedStage]) {
        self.experiment = experiment
        self.stages = stages
    }

    private var names: [String] { experiment.stages.map(\.name) }

    private func parent(of name: String) -> String? {
        guard let stage = stages[name] else { return nil }
        if case .pretrained = stage.start { return nil }
        return stage.stage.initFrom.flatMap { names.contains($0) ? $0 : nil }
    }

    private func children(of name: String?) -> [String] { names.filter { parent(of: $0) == name } }

    private func label(_ name: String) -> String {
        guard let stage = stages[name] else { return name }
        switch stage.status {
        case .done: return "\(name) [done]"
        case .stale(let reasons, _): return "\(name) [stale: \(reasons.joined(separator: "; "))]"
        case .missing: return "\(name) [missing]"
        }
    }

    public func text() -> String {
        var out = "experiment \(experiment.name)\n"
        func walk(_ name: String, prefix: String, last: Bool) {
            out += prefix + (last ? "└── " : "├── ") + label(name) + "\n"
            let kids = children(of: name)
            for (index, child) in kids.enumerated() {
                walk(child, prefix: prefix + (last ? "    " : "│   "), last: index == kids.count - 1)
            }
        }
        let roots = children(of: nil)
        for (index, root) in roots.enumerated() { walk(root, prefix: "", last: index == roots.count - 1) }
        return out
    }

    public func dot() -> String {
        var out = "digraph \"\(escape(experiment.name))\" {\n  rankdir=LR;\n  node [shape=box, style=\"rounded,filled\"];\n"
        for name in names {
            let status = stages[name]?.status.label ?? "missing"
            let color = ["done": "palegreen", "stale": "khaki", "missing": "lightgrey"][status] ?? "white"
            out += "  \"\(escape(name))\" [label=\"\(escape(name))\\n\(status)\", fillcolor=\(color)];\n"
        }
        for name in names {
            if let parent = parent(of: name) { out += "  \"\(escape(parent))\" -> \"\(escape(name))\";\n" }
        }
        return out + "}\n"
    }

    private func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
    }
}

extension Planner {
    /// Every stage of the experiment planned (as the target of its own chain), for the graph.
    public func planEveryStage() throws -> [String: PlannedStage] {
        var planned: [String: PlannedStage] = [:]
        for stage in resolver.experiment.stages where planned[stage.name] == nil {
            for step in try plan(stage.name).stages where planned[step.name] == nil { planned[step.name] = step }
        }
        return planned
    }
}
