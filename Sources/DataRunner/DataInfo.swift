import ArgumentParser
import DataPrep

struct DataInfo: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Fill num_frames, height, width, aspect_ratio, resolution, fps and file_size for every row with a path.",
        discussion: """
        Reads container headers only (no decoding). Rows whose file cannot be read keep their fields and \
        get the reason in an 'error' column. Example: strata data info videos.csv videos_info.csv --workers 8
        """
    )

    @Argument(help: "The input table (CSV with a 'path' column; relative paths are relative to its folder).")
    var input: String
    @Argument(help: "The output table.")
    var output: String
    @Option(help: "Worker threads (default: the number of cores).")
    var workers: Int?
    @Flag(help: "Count the packets of every video for an exact frame count (reads whole files, decodes nothing).")
    var exact = false
    @Flag(name: .customLong("remove-empty-caption"), help: "Drop rows whose 'text' is empty.")
    var removeEmptyCaption = false

    func run() throws {
        let options = InfoOptions(workers: try workerCount(workers), exactFrameCount: exact, removeEmptyCaption: removeEmptyCaption)
        let summary = try runDataVerb {
            let progress = ProgressReporter(label: "info", total: try rowCount(input))
            return try computeInfo(input: input, output: output, options: options, progress: progress)
        }
        var line = "\(summary.rowsRead) rows read, \(summary.rowsWritten) written to \(output), \(summary.failures.count) failed"
        if removeEmptyCaption { line += ", \(summary.removedEmptyCaption) removed for an empty caption" }
        print(line)
        printFailures(summary.failures, verb: "info")
    }
}
