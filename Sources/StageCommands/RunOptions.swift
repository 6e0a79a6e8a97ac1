import ArgumentParser
import CLISupport
import Foundation
import Progress
import Stages

/// `run`'s arguments and its execution with a given trainer. The light `strata` binary parses and
/// plans with these, then hands the same arguments to `strata-train`, whose `run` command calls
/// `execute(trainer:)` with the real trainer.
public struct RunOptions: ParsableArguments {
    @OptionGroup public var arguments: StageArguments

    @Option(help: ArgumentHelp("Resume the target stage from this checkpoint folder (model, optimizer, EMA, sampler and position).", valueName: "checkpoint-dir"))
    public var load: String?

    @Option(help: ArgumentHelp("With --load: the epoch to start at (default: the checkpoint's).", valueName: "n"))
    public var startEpoch: Int?

    @Option(help: ArgumentHelp("With --load: the step of the epoch to start at (default: the checkpoint's; given, it replaces the sampler's saved position).", valueName: "n"))
    public var startStep: Int?

    @Option(help: ArgumentHelp("Open-Sora's checkout, for stages of Open-Sora's types (default: $STRATA_OPENSORA_ROOT).", valueName: "dir"))
    public var opensoraRoot: String?

    @Option(help: "For stages of Open-Sora's types: processes (GPUs) per node, torchrun's --nproc_per_node.")
    public var nprocPerNode: Int = 1

    @Option(help: "For stages of Open-Sora's types: nodes, torchrun's --nnodes.")
    public var nnodes: Int?

    @Flag(help: "Print the plan and the command each stage would run; run nothing, write nothing.")
    public var dryRun = false

    public init() {}

    public func validate() throws {
        if load == nil, startEpoch != nil || startStep != nil {
            throw ValidationError("--start-epoch and --start-step position a resumed run: give them with --load DIR")
        }
        if let load {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: load, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw ValidationError("--load \(load): not a checkpoint folder (expected epoch{E}-global_step{S}/ with running_states.json)")
            }
        }
        if nprocPerNode < 1 { throw ValidationError("--nproc-per-node must be at least 1, got \(nprocPerNode)") }
        if let nnodes, nnodes < 1 { throw ValidationError("--nnodes must be at least 1, got \(nnodes)") }
        if let value = startEpoch, value < 0 { throw ValidationError("--start-epoch must be at least 0, got \(value)") }
        if let value = startStep, value < 0 { throw ValidationError("--start-step must be at least 0, got \(value)") }
    }

    /// Plans, prints the plan, and runs what is not done. Exit 1 when a stage fails. In a
    /// data-parallel job every rank plans and trains; only rank 0 prints and writes run records.
    public func execute(trainer: any StageTrainer, reporter: any StageReporter = PrintingReporter(),
                        placement: RunPlacement = .single) throws {
        let plan = try arguments.plan()
        let speaks = placement.writesFiles
        // A chain that is all done is said by its closing lines alone (one per stage); the plan
        // is news when something runs (and under -v).
        let news = !plan.toRun.isEmpty || Diagnostics.shared.verbosity == .verbose
        if speaks, news, Diagnostics.shared.saysNotes { FileHandle.standardError.write(Data(PlanRendering.text(plan).utf8)) }
        do {
            var executor = StageExecutor(trainer: trainer, reporter: speaks ? reporter : SilentReporter())
            executor.placement = placement
            executor.targetResume = load.map { .load(checkpoint: $0, startEpoch: startEpoch, startStep: startStep) }
            let outcomes = try executor.execute(plan)
            for outcome in outcomes where speaks {
                let what = outcome.reused ? "reused" : "completed"
                print("\(outcome.stage): \(what) \(outcome.record.directory)" + (outcome.record.finalWeightsPath.map { " → \($0)" } ?? ""))
            }
        } catch let failure as StageRunFailure {
            throw CommandFailure.runtime(failure.description)
        }
    }
}
