import Foundation
import Stages
import Tensor

/// The trainer of every shipped stage: the `dit` model trained with rectified flow on the stage's
/// data (what `strata-train run` plugs into the stage executor).
public struct DitTrainer: StageTrainer {
    /// Where the final weights go inside the run directory; the child stage starts from them.
    public static let finalFolder = "final"

    /// Stops the run with an error right after this optimizer step's checkpoint: how the tests
    /// kill a run at a known point and check that resuming reproduces the uninterrupted run.
    let interruptAfterUpdate: Int?

    public init() {
        interruptAfterUpdate = nil
    }

    init(interruptAfterUpdate: Int?) {
        self.interruptAfterUpdate = interruptAfterUpdate
    }

    public func train(_ job: StageJob, reporter: any StageReporter) throws -> StageResult {
        do {
            Tensor.setThreads(try Tensor.threadCount(environment: ProcessInfo.processInfo.environment))
        } catch {
            throw TrainingError("\(error)")
        }
        var run = try TrainingRun(job: job, reporter: reporter)
        try run.execute(interruptAfterUpdate: interruptAfterUpdate)
        return StageResult(finalWeights: "\(Self.finalFolder)/model.safetensors")
    }
}
