import DataTable
import Foundation

/// The columns of the table a sample needs, held as arrays (one entry per row). Captions are held
/// too unless the dataset is memory-efficient, in which case they are read from their shard.
struct DatasetRows: Sendable {
    var paths: [String] = []
    var captions: [String] = []
    var frameCounts: [Int?] = []
    var heights: [Int?] = []
    var widths: [Int?] = []
    var fps: [Double?] = []
    var motionScores: [Double?] = []

    var count: Int { paths.count }

    /// Reads a canonical CSV, or every shard of a `data shard` folder. Relative media paths are
    /// relative to the table's folder; for a shard folder, to the folder that holds it (where the
    /// table that was sharded lives, as `data shard` keeps paths unchanged).
    static func read(tablePath: String, keepCaptions: Bool) throws -> DatasetRows {
        var rows = DatasetRows()
        if isFolder(tablePath) {
            let shards = try ShardedTable(folder: tablePath)
            let base = parentFolder(of: tablePath.hasSuffix("/") ? String(tablePath.dropLast()) : tablePath)
            for shard in shards.shardPaths {
                try rows.append(TableReader(path: shard), mediaFolder: base, keepCaptions: keepCaptions)
            }
        } else {
            let reader = try TableReader(path: tablePath)
            try rows.append(reader, mediaFolder: reader.folder, keepCaptions: keepCaptions)
        }
        return rows
    }

    private mutating func append(_ reader: TableReader, mediaFolder: String, keepCaptions: Bool) throws {
        let header = reader.header
        for required in ["path", "text"] where !header.contains(required) {
            throw TableError(path: reader.path, line: 1,
                             message: "no '\(required)' column: a video_text table needs path and text (and num_frames, height, width, fps for buckets)")
        }
        let path = header.index(of: "path"), text = header.index(of: "text")
        let frames = header.index(of: "num_frames"), height = header.index(of: "height"), width = header.index(of: "width")
        let rate = header.index(of: "fps"), motion = header.index(of: "score_vmafmotion")
        while let row = try reader.next() {
            let file = row[path]
            paths.append(file.isEmpty ? "" : resolvePath(file, relativeTo: mediaFolder))
            if keepCaptions { captions.append(row[text]) }
            frameCounts.append(integer(row[frames]))
            heights.append(integer(row[height]))
            widths.append(integer(row[width]))
            fps.append(number(row[rate]))
            motionScores.append(number(row[motion]))
        }
    }
}

/// A number from a CSV field as pandas reads it: empty or "nan" is missing.
func number(_ field: String) -> Double? {
    guard let value = Double(field.trimmingCharacters(in: .whitespaces)), value.isFinite else { return nil }
    return value
}

/// A count from a CSV field; pandas writes integer columns with missing values as floats ("33.0").
func integer(_ field: String) -> Int? {
    guard let value = number(field), value >= 0, value < 1e15, value == value.rounded() else { return nil }
    return Int(value)
}

func isFolder(_ path: String) -> Bool {
    var folder: ObjCBool = false
    return FileManager.default.fileExists(atPath: path, isDirectory: &folder) && folder.boolValue
}

/// Captions read from the shards on demand (memory-efficient mode). One shard is in memory at a
/// time; workers take turns, as Open-Sora's workers each re-read a shard per access.
final class ShardCaptions: @unchecked Sendable {
    private let lock = NSLock()
    private let table: ShardedTable
    private let textColumn: Int

    init(folder: String) throws {
        table = try ShardedTable(folder: folder)
        textColumn = table.header.index(of: "text") ?? 0
    }

    func caption(row: Int) throws -> String {
        try lock.withLock { try table.row(row)[textColumn] }
    }
}
