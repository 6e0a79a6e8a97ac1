import DataTable
import Foundation

/// Streams a table through `work` on worker threads, a block of rows at a time, and hands each
/// row and its result to `consume` in the input order. Memory holds one block, never the table.
func processRows<Outcome: Sendable>(
    _ reader: TableReader, workers: Int, progress: ProgressReporter?,
    include: (TableRow) -> Bool = { _ in true },
    isFailure: @escaping @Sendable (Outcome) -> Bool,
    work: @escaping @Sendable (TableRow) -> Outcome,
    consume: (TableRow, Outcome) throws -> Void
) throws {
    let blockSize = max(64, workers * 32)
    while true {
        let rows = try reader.next(blockSize, where: include)
        if rows.isEmpty { return }
        let outcomes = parallelMap(rows, workers: workers) { row in
            let outcome = work(row)
            progress?.advance(failed: isFailure(outcome) ? 1 : 0)
            return outcome
        }
        for (row, outcome) in zip(rows, outcomes) { try consume(row, outcome) }
    }
}

/// Number of rows after the header, counted by a streaming pass (for progress totals).
public func rowCount(_ path: String) throws -> Int {
    try reportingTableErrors { try countRows(path) }
}

func countRows(_ path: String) throws -> Int {
    let reader = try CSVReader(path: path)
    var count = -1
    while try reader.next() != nil { count += 1 }
    return max(count, 0)
}

/// How a failing row is shown in summaries: its line in the input and its path.
public struct RowFailure: Sendable, Equatable {
    public var line: Int
    public var path: String
    public var reason: String
}

/// Numbers as pandas writes them: integral values of float columns keep ".0", others the shortest
/// repr that reads back to the same double.
func formatFloat(_ value: Double) -> String { value.isFinite ? "\(value)" : "" }

func isBlank(_ text: String) -> Bool { text.allSatisfy(\.isWhitespace) }
