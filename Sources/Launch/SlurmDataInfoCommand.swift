import ArgumentParser
import CLISupport
import Foundation

/// `strata launch slurm data-info TABLE OUTPUT …`: `data info` sharded over the job's tasks.
public struct SlurmDataInfoCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "data-info",
        abstract: "Write an sbatch script that computes a table's metadata in nodes × tasks-per-node shards, then merges them.",
        discussion: """
            Task I runs `strata data info TABLE OUTPUT.shard-I-of-N.csv --shard I/N`; when every \
            shard succeeded, `strata data merge` joins them into OUTPUT in the table's order (the \
            same table an unsharded `data info` writes).

            Example:
              strata launch slurm data-info videos.csv videos_info.csv --nodes 2 \\
                --tasks-per-node 16 --cpus-per-task 2 --time 1:00:00
            """)

    @Argument(help: "The input table (CSV with a 'path' column).") public var input: String
    @Argument(help: "The merged output table.") public var outputTable: String
    @Option(help: "Worker threads of each shard (default: --cpus-per-task, else the node's cores).") public var workers: Int?
    @Flag(help: "Count the packets of every video for an exact frame count.") public var exact = false
    @Flag(name: .customLong("remove-empty-caption"), help: "Drop rows whose 'text' is empty.") public var removeEmptyCaption = false
    @OptionGroup public var slurm: SlurmOptions
    @OptionGroup public var verbosity: OutputOptions

    public init() {}

    public func run() throws {
        if let workers, workers < 1 { throw CommandFailure.usage("--workers must be at least 1, got \(workers)") }
        let (path, resources) = try slurm.shardedDataJob(verb: "info", input: input, output: outputTable)
        let job = DataInfoJobScript(strataExecutable: Sibling.path("strata"), input: input, output: outputTable, workers: workers,
                                    exact: exact, removeEmptyCaption: removeEmptyCaption, resources: resources,
                                    workingDirectory: LaunchFiles.workingDirectory)
        try slurm.finish(job.script, at: path)
    }
}
