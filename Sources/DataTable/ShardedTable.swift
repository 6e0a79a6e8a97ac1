import Foundation

/// A table split into shard files (`00001.csv`, `00002.csv`, … in one folder, as `data shard`
/// writes them), read the way Open-Sora's `memory_efficient` mode reads parquet shards: rows are
/// addressed by their global index and only the shard holding a row is in memory at a time.
public final class ShardedTable {
    public let folder: String
    public let shardPaths: [String]
    public let header: TableHeader
    /// First global row index of each shard, plus the total at the end.
    private let starts: [Int]
    private var loadedShard: Int?
    private var loadedRows: [TableRow] = []

    public var count: Int { starts.last ?? 0 }

    /// Opens every `NNNNN.csv` file of the folder.
    public convenience init(folder: String) throws {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        try self.init(folder: folder, shardNames: names.filter { name in
            name.hasSuffix(".csv") && name.dropLast(4).allSatisfy(\.isNumber) && name.count > 4
        })
    }

    /// Counts the rows of every shard once (streaming); needs the shard files to share one header.
    public init(folder: String, shardNames: [String]) throws {
        self.folder = folder
        shardPaths = shardNames.sorted().map { resolvePath($0, relativeTo: folder) }
        guard let first = shardPaths.first else {
            throw TableError(path: folder, message: "no shard files (expected 00001.csv, 00002.csv, …)")
        }
        var header: TableHeader?
        var starts = [0]
        for path in shardPaths {
            let reader = try TableReader(path: path)
            if let header, header != reader.header {
                throw TableError(path: path, line: 1, message: "the header differs from the header of \(first)")
            }
            header = reader.header
            var rows = 0
            while try reader.next() != nil { rows += 1 }
            starts.append(starts[starts.count - 1] + rows)
        }
        self.header = header!
        self.starts = starts
    }

    /// The row at a global index (0-based); loads its shard if another one is in memory.
    public func row(_ index: Int) throws -> TableRow {
        guard index >= 0, index < count else {
            throw TableError(path: folder, message: "row \(index) is out of range: the shards hold \(count) rows")
        }
        var shard = 0
        var low = 0, high = starts.count - 1
        while low < high - 1 {
            let middle = (low + high) / 2
            if starts[middle] <= index { low = middle } else { high = middle }
        }
        shard = low
        if loadedShard != shard {
            loadedRows = []
            loadedRows = try Table.read(shardPaths[shard]).rows
            loadedShard = shard
        }
        return loadedRows[index - starts[shard]]
    }
}
