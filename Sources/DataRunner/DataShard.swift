import ArgumentParser
import CLISupport
import DataPrep

struct DataShard: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shard",
        abstract: "Split a table into shard files 00001.csv, 00002.csv, … (read back shard by shard by the dataset).",
        discussion: "Example (writes videos/00001.csv …):\n  strata data shard videos.csv --shards 100"
    )

    @Argument(help: "The table to split.") var input: String
    @OptionGroup var verbosity: OutputOptions
    @Option(help: "Rows per shard.") var rows: Int?
    @Option(help: "Number of shards (rows per shard = ceil(rows / shards)).") var shards: Int?
    @Option(name: .customLong("output-dir"), help: "Folder for the shard files (default: INPUT without .csv).")
    var outputDir: String?

    func run() throws {
        let size: ShardSize
        switch (rows, shards) {
        case (let rows?, nil): size = .rows(rows)
        case (nil, let shards?): size = .shards(shards)
        default: throw CommandFailure.usage("give exactly one of --rows N or --shards K")
        }
        let summary = try runDataVerb(inputs: [input]) { try shardTable(input: input, size: size, folder: outputDir) }
        print("\(summary.rows) rows written to \(summary.files.count) shards in \(summary.folder)")
    }
}
