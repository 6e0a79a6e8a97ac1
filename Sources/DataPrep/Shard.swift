import DataTable
import Foundation

public enum ShardSize: Sendable, Equatable {
    case rows(Int)
    case shards(Int)
}

public struct ShardSummary: Sendable, Equatable {
    public var folder: String
    public var files: [String]
    public var rows: Int
}

/// `data shard`: splits a table into contiguous shard files `00001.csv`, `00002.csv`, … in `folder`
/// (default: the table's path without its extension, as Open-Sora's shard.py does), each with the
/// header. `.shards(K)` makes shards of ceil(rows / K) rows; empty shards are not written.
public func shardTable(input: String, size: ShardSize, folder: String? = nil) throws -> ShardSummary {
    try reportingTableErrors {
        let target = folder ?? (input.hasSuffix(".csv") ? String(input.dropLast(4)) : input + ".shards")
        let rowsPerShard: Int
        switch size {
        case .rows(let rows):
            guard rows >= 1 else { throw DataPrepError.usage("--rows must be at least 1, got \(rows)") }
            rowsPerShard = rows
        case .shards(let shards):
            guard shards >= 1 else { throw DataPrepError.usage("--shards must be at least 1, got \(shards)") }
            rowsPerShard = max(1, (try countRows(input) + shards - 1) / shards)
        }
        let reader = try TableReader(path: input)
        do {
            try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
        } catch {
            throw DataPrepError.runtime("\(target): cannot create the shard folder: \(error.localizedDescription)")
        }
        var summary = ShardSummary(folder: target, files: [], rows: 0)
        while true {
            let rows = try reader.next(rowsPerShard)
            if rows.isEmpty { break }
            let name = String(format: "%05d.csv", summary.files.count + 1)
            let writer = try CSVWriter(path: target + "/" + name)
            try writer.write(reader.header.names)
            for row in rows { try writer.write(row.fields) }
            try writer.commit()
            summary.files.append(name)
            summary.rows += rows.count
        }
        return summary
    }
}
