import ArgumentParser
import CLISupport
import DataPrep
import Foundation

/// `strata data …`: the executable `strata-data`, which `strata data` hands over to (it alone links
/// FFmpeg). Named DataCommand so it does not shadow Foundation's Data.
@main
struct DataCommand: ParsableCommand {
    static func main() {
        EntryPoint.run(DataCommand.self)
    }

    static let configuration = CommandConfiguration(
        commandName: "strata data",
        abstract: "Prepare a video dataset table: metadata, filters, decode checks, conversion, shards, bucket plans, the demo dataset.",
        discussion: "Example:\n  strata data info videos.csv videos_info.csv --workers 8",
        subcommands: [DataInfo.self, DataFilter.self, DataCheck.self, DataMerge.self, DataConvert.self, DataShard.self, DataBuckets.self, DataDemo.self]
    )
}

/// Runs a data verb, mapping its failures to the project's exit codes: an input that is not there
/// is a mistake on the command line (exit 2), as a table of the wrong shape is.
func runDataVerb<T>(inputs: [String], _ body: () throws -> T) throws -> T {
    for input in inputs where !FileManager.default.fileExists(atPath: input) {
        throw CommandFailure.usage("\(input): no such file")
    }
    do {
        return try body()
    } catch let error as DataPrepError {
        throw error.kind == .usage ? CommandFailure.usage(error.message) : CommandFailure.runtime(error.message)
    }
}

/// The closing lines about failed rows: a count, then the first few with their line and reason.
func printFailures(_ failures: [RowFailure], verb: String, limit: Int = 10) {
    guard !failures.isEmpty else { return }
    for failure in failures.prefix(limit) {
        print("  line \(failure.line): \(failure.reason)")
    }
    if failures.count > limit { print("  … and \(failures.count - limit) more (see the error column or report)") }
}

/// Worker count from the command line: at least 1, default the cores.
func workerCount(_ value: Int?) throws -> Int {
    guard let value else { return availableCores }
    guard value >= 1 else { throw CommandFailure.usage("--workers must be at least 1, got \(value)") }
    return value
}

/// `--shard I/N` from the command line (nil when not given).
func shardSpec(_ value: String?) throws -> ShardSpec? {
    guard let value else { return nil }
    guard let parsed = ShardSpec(parsing: value) else {
        throw CommandFailure.usage("--shard expects I/N with 1 ≤ I ≤ N, got '\(value)'")
    }
    return parsed
}

/// The rows a shard takes of a table of `rows` (rows I, I+N, …), for progress totals.
func rowsOfShard(_ shard: ShardSpec?, rows: Int) -> Int {
    shard.map { (rows - $0.index + $0.count) / $0.count } ?? rows
}
