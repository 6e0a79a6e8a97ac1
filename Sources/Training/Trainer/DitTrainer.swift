import Distributed
import Foundation
import Stages
import Tensor

/// The trainer of every shipped stage: the `dit` model trained with rectified flow on the stage's
/// data (what `strata-train run` plugs into the stage executor), alone or as one rank of a
/// data-parallel job (`group`).
public struct DitTrainer: StageTrainer {
    /// Where the final weights go inside the run directory; the child stage starts from them.
    public static let finalFolder = "final"

    /// Stops the run with an error right after this optimizer step's checkpoint: how the tests
    /// kill a run at a known point and check that resuming reproduces the uninterrupted run.
    let interruptAfterUpdate: Int?
    /// The ranks of the job this process belongs to (a single process unless launched by mpirun).
    let group: any ProcessGroup

    public init(group: any ProcessGroup = SingleProcess()) {
        interruptAfterUpdate = nil
        self.group = group
    }

    init(interruptAfterUpdate: Int?) {
        self.interruptAfterUpdate = interruptAfterUpdate
        group = SingleProcess()
    }

    public func train(_ job: StageJob, reporter: any StageReporter) throws -> StageResult {
        do {
            // Ranks on one machine share its cores: unless STRATA_THREADS says, each takes its share.
            let environment = ProcessInfo.processInfo.environment
            let share = group.localSize > 1 ? max(1, Tensor.cores / group.localSize) : nil
            Tensor.setThreads(try Tensor.threadCount(configured: environment[Tensor.threadsEnvironmentVariable] == nil ? share : nil,
                                                     environment: environment))
        } catch {
            throw TrainingError("\(error)")
        }
        var run = try TrainingRun(job: job, reporter: reporter, group: group)
        try run.execute(interruptAfterUpdate: interruptAfterUpdate)
        return StageResult(finalWeights: "\(Self.finalFolder)/model.safetensors")
    }
}
