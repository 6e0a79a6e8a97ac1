import DataTable
import Foundation
import Media

/// `--shard I/N`: this machine takes rows I, I+N, I+2N, … (I from 1 to N), which spreads large
/// and small files evenly when the table is sorted.
public struct ShardSpec: Sendable, Equatable {
    public var index: Int
    public var count: Int

    public init?(parsing text: String) {
        let parts = text.split(separator: "/")
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]), count >= 1, (1...count).contains(index) else { return nil }
        self.index = index
        self.count = count
    }

    func owns(row: Int) -> Bool { row % count == index - 1 }
}

/// The column shard outputs carry so that `data merge` can restore the input order.
public let sourceRowColumn = "source_row"

public struct CheckOptions: Sendable {
    public var workers: Int
    /// Seconds one file may take; past it the file is reported as broken.
    public var timeLimit: Double
    public var shard: ShardSpec?

    public init(workers: Int = availableCores, timeLimit: Double = 600, shard: ShardSpec? = nil) {
        self.workers = max(1, workers)
        self.timeLimit = timeLimit
        self.shard = shard
    }
}

public struct CheckSummary: Sendable, Equatable {
    public var rowsChecked = 0
    public var rowsClean = 0
    public var broken: [RowFailure] = []
}

/// One line of the JSONL report.
struct BrokenFileRecord: Encodable {
    var path: String
    var line: Int
    var source_row: Int
    var error: String
    var errors: [String]
    var frames_decoded: Int
    var frames_expected: Int?
}

/// `data check`: decodes every file in full (in parallel, one decoder thread per file), writes the
/// rows that decode cleanly to `output` and one JSON line per other row to `report`.
public func checkTable(input: String, output: String, report: String, options: CheckOptions = CheckOptions(),
                       progress: ProgressReporter? = nil) throws -> CheckSummary {
    try reportingTableErrors {
        let reader = try TableReader(path: input)
        try require(["path"], in: reader)
        var header = reader.header
        let sourceRowIndex = options.shard.map { _ in header.ensure([sourceRowColumn])[0] }
        let pathIndex = reader.header.index(of: "path")
        let folder = reader.folder
        let writer = try CSVWriter(path: output)
        let reportFile = try AtomicFile(path: report)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        try writer.write(header.names)
        var summary = CheckSummary()
        let shard = options.shard
        try processRows(reader, workers: options.workers, progress: progress,
                        include: { shard?.owns(row: $0.index) ?? true },
                        isFailure: { !$0.isClean },
                        work: { row -> DecodeReport in
            let path = row[pathIndex]
            guard !isBlank(path) else { return DecodeReport(path: path, errors: ["the row has no path"], framesDecoded: 0, framesExpected: nil) }
            return check(resolvePath(path, relativeTo: folder), timeLimit: options.timeLimit)
        }, consume: { row, outcome in
            summary.rowsChecked += 1
            if outcome.isClean {
                var kept = row
                if let sourceRowIndex { kept[sourceRowIndex] = String(row.index) }
                try writer.write(kept.fields)
                summary.rowsClean += 1
            } else {
                let record = BrokenFileRecord(path: row[pathIndex], line: row.line, source_row: row.index,
                                              error: outcome.errors[0], errors: outcome.errors,
                                              frames_decoded: outcome.framesDecoded, frames_expected: outcome.framesExpected)
                reportFile.append(contentsOf: try encoder.encode(record))
                reportFile.append(0x0A)
                try reportFile.flushIfLarge()
                summary.broken.append(RowFailure(line: row.line, path: row[pathIndex], reason: outcome.errors[0]))
            }
        })
        try writer.commit()
        try reportFile.commit()
        progress?.finish()
        return summary
    }
}
