import Stages

/// The trainer of every shipped stage: the `dit` model trained with rectified flow on the stage's
/// data (what `strata-train run` plugs into the stage executor).
public struct DitTrainer: StageTrainer {
    /// Where the final weights go inside the run directory; the child stage starts from them.
    public static let finalFolder = "final"

    public init() {}

    public func train(_ job: StageJob, reporter: any StageReporter) throws -> StageResult {
        var run = try TrainingRun(job: job, reporter: reporter)
        try run.execute()
        return StageResult(finalWeights: "\(Self.finalFolder)/model.safetensors")
    }
}
