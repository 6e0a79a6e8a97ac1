import ArgumentParser
import CLISupport
import Foundation

/// `strata launch slurm data-check TABLE OUTPUT …`: `data check` sharded over the job's tasks.
public struct SlurmDataCheckCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "data-check",
        abstract: "Write an sbatch script that decodes a table's files in nodes × tasks-per-node shards, then merges them.",
        discussion: """
            Task I runs `strata data check TABLE OUTPUT.shard-I-of-N.csv --shard I/N`; when every \
            shard succeeded, `strata data merge` joins the clean rows into OUTPUT in the table's \
            order and the shard reports are joined into the report.

            Example:
              strata launch slurm data-check info.csv clean.csv --nodes 4 \\
                --tasks-per-node 8 --cpus-per-task 4 --time 6:00:00
            """)

    @Argument(help: "The input table.") public var input: String
    @Argument(help: "The merged table of rows that decode cleanly.") public var outputTable: String
    @Option(help: "The joined JSONL report of broken files (default: OUTPUT with .broken.jsonl).") public var report: String?
    @Option(help: "Worker threads of each shard (default: --cpus-per-task, else the node's cores).") public var workers: Int?
    @Option(name: .customLong("time-limit"), help: "Seconds one file may take before it counts as broken.") public var timeLimit: Double?
    @OptionGroup public var slurm: SlurmOptions
    @OptionGroup public var verbosity: OutputOptions

    public init() {}

    public func run() throws {
        if let workers, workers < 1 { throw CommandFailure.usage("--workers must be at least 1, got \(workers)") }
        if let timeLimit, !(timeLimit > 0) { throw CommandFailure.usage("--time-limit must be positive, got \(timeLimit)") }
        let (path, resources) = try slurm.shardedDataJob(verb: "check", input: input, output: outputTable)
        let job = DataCheckJobScript(strataExecutable: Sibling.path("strata"), input: input, output: outputTable, report: report,
                                     workers: workers, timeLimit: timeLimit, resources: resources, workingDirectory: LaunchFiles.workingDirectory)
        try slurm.finish(job.script, at: path)
    }
}
