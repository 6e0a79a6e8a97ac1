import ArgumentParser
import CLISupport
import DataPrep

struct DataInfo: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Fill num_frames, height, width, aspect_ratio, resolution, fps and file_size for every row with a path.",
        discussion: """
        Reads container headers only (no decoding). Rows whose file cannot be read keep their fields and \
        get the reason in an 'error' column. With --shard I/N this run takes rows I, I+N, … and adds a \
        'source_row' column; join the outputs with 'strata data merge'.

        Example:
          strata data info videos.csv videos_info.csv --workers 8 --shard 1/4
        """
    )

    @Argument(help: "The input table (CSV with a 'path' column; relative paths are relative to its folder).")
    var input: String
    @Argument(help: "The output table.")
    var output: String
    @Option(help: "Worker threads (default: the number of cores).")
    var workers: Int?
    @Flag(help: "Decode every video and count its frames (edit lists honoured) instead of reading the count from the container.")
    var exact = false
    @Flag(name: .customLong("remove-empty-caption"), help: "Drop rows whose 'text' is empty.")
    var removeEmptyCaption = false
    @OptionGroup var verbosity: OutputOptions
    @Option(help: "Take share I of N (I from 1 to N), e.g. 2/8.") var shard: String?

    func run() throws {
        let shardSpec = try shardSpec(shard)
        let options = InfoOptions(workers: try workerCount(workers), exactFrameCount: exact, removeEmptyCaption: removeEmptyCaption,
                                  shard: shardSpec)
        let summary = try runDataVerb(inputs: [input]) {
            let progress = ProgressReporter(label: "info", total: rowsOfShard(shardSpec, rows: try rowCount(input)))
            return try computeInfo(input: input, output: output, options: options, progress: progress)
        }
        var line = "\(summary.rowsRead) rows read, \(summary.rowsWritten) written to \(output), \(summary.failures.count) failed"
        if removeEmptyCaption { line += ", \(summary.removedEmptyCaption) removed for an empty caption" }
        print(line)
        printFailures(summary.failures, verb: "info")
    }
}
