import ArgumentParser
import CLISupport
import DataPrep

struct DataCheck: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Decode every file in full; keep the rows that decode cleanly and report the others.",
        discussion: """
        Broken files go to a JSONL report (path, first error, frames decoded vs expected). With --shard I/N \
        this run takes rows I, I+N, …; join the outputs with 'strata data merge'.

        Example:
          strata data check info.csv clean.csv --report broken.jsonl --shard 1/4
        """
    )

    @Argument(help: "The input table.") var input: String
    @Argument(help: "The table of rows that decode cleanly.") var output: String
    @Option(help: "The JSONL report of broken files (default: OUTPUT with .broken.jsonl).") var report: String?
    @Option(help: "Worker threads (default: the number of cores).") var workers: Int?
    @Option(name: .customLong("time-limit"), help: "Seconds one file may take before it counts as broken.")
    var timeLimit: Double = 600
    @OptionGroup var verbosity: OutputOptions
    @Option(help: "Take share I of N (I from 1 to N), e.g. 2/8.") var shard: String?

    func run() throws {
        let shardSpec = try shardSpec(shard)
        guard timeLimit > 0 else { throw CommandFailure.usage("--time-limit must be positive, got \(timeLimit)") }
        let reportPath = report ?? (output.hasSuffix(".csv") ? String(output.dropLast(4)) : output) + ".broken.jsonl"
        let options = CheckOptions(workers: try workerCount(workers), timeLimit: timeLimit, shard: shardSpec)
        let summary = try runDataVerb(inputs: [input]) {
            try checkTable(input: input, output: output, report: reportPath, options: options,
                           progress: ProgressReporter(label: "check", total: rowsOfShard(shardSpec, rows: try rowCount(input))))
        }
        print("\(summary.rowsChecked) files checked: \(summary.rowsClean) clean (in \(output)), \(summary.broken.count) broken (in \(reportPath))")
        printFailures(summary.broken, verb: "check")
    }
}
