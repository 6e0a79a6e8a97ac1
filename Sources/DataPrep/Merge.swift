import DataTable

public struct MergeSummary: Sendable, Equatable {
    public var shards = 0
    public var rowsWritten = 0
}

/// `data merge`: joins the outputs of `data check --shard` or `data info --shard` (each in input order, each with a
/// `source_row` column) into one table in the original order, without the helper column. Streams:
/// holds one row per shard at a time.
public func mergeShards(inputs: [String], output: String) throws -> MergeSummary {
    guard !inputs.isEmpty else { throw DataPrepError.usage("no shard outputs to merge") }
    return try reportingTableErrors {
        let readers = try inputs.map { try TableReader(path: $0) }
        let first = readers[0]
        try require([sourceRowColumn], in: first)
        for reader in readers.dropFirst() where reader.header != first.header {
            throw DataPrepError.usage("\(reader.path): its columns differ from those of \(first.path)")
        }
        let sourceIndex = first.header.index(of: sourceRowColumn)!
        let keptColumns = first.header.names.indices.filter { $0 != sourceIndex }
        let writer = try CSVWriter(path: output)
        try writer.write(keptColumns.map { first.header.names[$0] })
        var heads: [(row: TableRow, order: Int)?] = try readers.map { reader in try nextNumbered(reader, sourceIndex) }
        var summary = MergeSummary(shards: readers.count)
        var previous = -1
        while let (shard, head) = heads.enumerated().compactMap({ item in item.element.map { (item.offset, $0) } })
            .min(by: { $0.1.order < $1.1.order }) {
            guard head.order != previous else {
                throw DataPrepError.usage("\(readers[shard].path):\(head.row.line): \(sourceRowColumn) \(head.order) appears in more than one shard output")
            }
            previous = head.order
            try writer.write(keptColumns.map { head.row.fields[$0] })
            summary.rowsWritten += 1
            heads[shard] = try nextNumbered(readers[shard], sourceIndex)
        }
        try writer.commit()
        return summary
    }
}

private func nextNumbered(_ reader: TableReader, _ sourceIndex: Int) throws -> (row: TableRow, order: Int)? {
    guard let row = try reader.next() else { return nil }
    guard let order = Int(row[sourceIndex]) else {
        throw DataPrepError.usage("\(reader.path):\(row.line): \(sourceRowColumn) is '\(row[sourceIndex])', expected a row number")
    }
    return (row, order)
}
