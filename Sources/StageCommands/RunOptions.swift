import ArgumentParser
import CLISupport
import Foundation
import Stages

/// `run`'s arguments and its execution with a given trainer. The light `strata` binary parses and
/// plans with these, then hands the same arguments to `strata-train`, whose `run` command calls
/// `execute(trainer:)` with the real trainer.
public struct RunOptions: ParsableArguments {
    @OptionGroup public var arguments: StageArguments

    public init() {}

    /// Plans, prints the plan, and runs what is not done. Exit 1 when a stage fails.
    public func execute(trainer: any StageTrainer, reporter: any StageReporter = PrintingReporter()) throws {
        let plan = try arguments.plan()
        FileHandle.standardError.write(Data(PlanRendering.text(plan).utf8))
        do {
            let outcomes = try StageExecutor(trainer: trainer, reporter: reporter).execute(plan)
            for outcome in outcomes {
                let what = outcome.reused ? "reused" : "completed"
                print("\(outcome.stage): \(what) \(outcome.record.directory)" + (outcome.record.finalWeightsPath.map { " → \($0)" } ?? ""))
            }
        } catch let failure as StageRunFailure {
            throw CommandFailure.runtime(failure.description)
        }
    }
}

/// Plain lines on standard error.
public struct PrintingReporter: StageReporter {
    public init() {}

    public func message(_ text: String) {
        FileHandle.standardError.write(Data("strata: \(text)\n".utf8))
    }

    public func progress(stage: String, step: Int, total: Int?, metrics: [String: Double]) {
        let values = metrics.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        let of = total.map { "/\($0)" } ?? ""
        FileHandle.standardError.write(Data("strata: \(stage) step \(step)\(of) \(values)\n".utf8))
    }
}
