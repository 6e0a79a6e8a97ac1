import DataTable
import Media

/// A failure of a data verb as a whole (single files never fail a verb: they become report rows).
/// `usage` is a mistake in the arguments or the input table's shape, `runtime` anything else.
public struct DataPrepError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable { case usage, runtime }
    public var kind: Kind
    public var message: String

    public static func usage(_ message: String) -> DataPrepError { DataPrepError(kind: .usage, message: message) }
    public static func runtime(_ message: String) -> DataPrepError { DataPrepError(kind: .runtime, message: message) }

    public var description: String { message }
}

/// Runs `body`, turning table errors (unreadable input, unwritable output) into runtime failures.
func reportingTableErrors<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as TableError {
        throw DataPrepError.runtime(error.description)
    }
}

/// The input table must have these columns; names the file and the columns it has.
func require(_ columns: [String], in reader: TableReader) throws {
    let missing = columns.filter { !reader.header.contains($0) }
    guard missing.isEmpty else {
        throw DataPrepError.usage("\(reader.path): no \(missing.map { "'\($0)'" }.joined(separator: ", ")) column; "
            + "the header has \(reader.header.names.joined(separator: ", "))")
    }
}
