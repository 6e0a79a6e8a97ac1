import ArgumentParser
import CLISupport
import DataPrep

struct DataMerge: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Join the outputs of 'data check --shard' or 'data info --shard' in the original row order.",
        discussion: "Example:\n  strata data merge clean.csv clean-1.csv clean-2.csv clean-3.csv"
    )

    @Argument(help: "The merged table.") var output: String
    @OptionGroup var verbosity: OutputOptions
    @Argument(help: "The shard outputs.") var inputs: [String]

    func run() throws {
        let summary = try runDataVerb(inputs: inputs) { try mergeShards(inputs: inputs, output: output) }
        print("\(summary.rowsWritten) rows from \(summary.shards) shards written to \(output)")
    }
}
