import Foundation
import Stages

/// What `strata run` will do for each stage of a plan that must run: train with strata's engine, or
/// the torchrun command of Open-Sora's trainer. Shown by `--dry-run`, and in the error when
/// Open-Sora's trainer cannot start here.
public struct RunPreview: Sendable {
    public struct Step: Sendable {
        public var stage: PlannedStage
        public var engine: Engine
        /// Open-Sora's trainer: the command; nil for strata's engine.
        public var command: [String]?
    }

    public var steps: [Step]

    /// - Parameter load: `--load` and its position, for the target stage.
    public init(plan: Plan, backend: OpenSoraBackend, load: ResumeRequest?, registry: Registry = .standard) {
        var steps: [Step] = []
        for planned in plan.toRun {
            let engine = registry.engine(of: planned.stage.config)
            guard engine == .opensora else {
                steps.append(Step(stage: planned, engine: engine, command: nil))
                continue
            }
            var resume: ResumeRequest = RunRecord.isRunRecord(planned.runDirectory) ? .continueInRunDirectory : .fresh
            if let load, planned.name == plan.target { resume = load }
            let words = backend.words(configPath: OpenSoraBackend.configPath(runDirectory: planned.runDirectory),
                                      initWeights: Self.initWeights(of: planned, in: plan), resume: resume, runDirectory: planned.runDirectory)
            steps.append(Step(stage: planned, engine: engine, command: words))
        }
        self.steps = steps
    }

    public var needsOpenSora: Bool { steps.contains { $0.engine == .opensora } }

    /// The weights a stage starts from; an upstream that has not run yet is named by where its last
    /// checkpoint will be.
    static func initWeights(of stage: PlannedStage, in plan: Plan) -> String? {
        switch stage.start {
        case .seed: return nil
        case .pretrained(let path): return path
        case .upstream(_, let path?): return path
        case .upstream(let upstream, nil):
            let folder = plan.stages.first { $0.name == upstream }?.runDirectory ?? upstream
            return folder + "/<last checkpoint>"
        }
    }

    public var text: String {
        guard !steps.isEmpty else { return "nothing to run: every stage is done\n" }
        return steps.map { step in
            guard let command = step.command else {
                return "\(step.stage.name): would train with strata's CPU engine in \(step.stage.runDirectory)\n"
            }
            return "\(step.stage.name): would write \(OpenSoraBackend.configPath(runDirectory: step.stage.runDirectory)) and run\n  \(ShellQuoting.line(command))\n"
        }.joined()
    }
}
