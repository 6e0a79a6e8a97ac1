import DataTable
import Foundation
import Media

/// The columns `data info` fills, with Open-Sora's names and meanings.
public enum MetadataColumn {
    public static let all = ["num_frames", "height", "width", "aspect_ratio", "resolution", "fps", "file_size"]
    public static let error = "error"
}

public struct InfoOptions: Sendable {
    public var workers: Int
    /// Decode every video and count the frames it gives (honouring edit lists) instead of reading the header.
    public var exactFrameCount: Bool
    public var removeEmptyCaption: Bool
    /// Take only this share of the rows; the output then carries `source_row` for `data merge`.
    public var shard: ShardSpec?

    public init(workers: Int = availableCores, exactFrameCount: Bool = false, removeEmptyCaption: Bool = false,
                shard: ShardSpec? = nil) {
        self.workers = max(1, workers)
        self.exactFrameCount = exactFrameCount
        self.removeEmptyCaption = removeEmptyCaption
        self.shard = shard
    }
}

public struct InfoSummary: Sendable, Equatable {
    public var rowsRead = 0
    public var rowsWritten = 0
    public var removedEmptyCaption = 0
    /// Every failed row (they are kept in the output with an `error`).
    public var failures: [RowFailure] = []
}

/// The metadata columns of one file, as table fields.
public func metadataFields(_ info: MediaInfo) -> [String] {
    let fps = info.fps.map { formatFloat(($0.value * 1000).rounded() / 1000) } ?? ""
    return [String(info.frameCount), String(info.height), String(info.width),
            formatFloat(Double(info.height) / Double(info.width)), String(info.height * info.width),
            fps, String(info.fileSize)]
}

/// `data info`: probes the file of every row with a path (with `shard`, of its share of the rows)
/// and writes the table with the metadata columns (height and width are the stored frame size, which is what decoding gives; `rotation`
/// from `probe` tells the display orientation). A row whose file fails keeps its other fields, gets
/// empty metadata and the reason in `error`; the run never stops for one file.
public func computeInfo(input: String, output: String, options: InfoOptions = InfoOptions(),
                        progress: ProgressReporter? = nil) throws -> InfoSummary {
    try reportingTableErrors {
        let reader = try TableReader(path: input)
        try require(["path"], in: reader)
        if options.removeEmptyCaption { try require(["text"], in: reader) }
        var header = reader.header
        let metadataIndices = header.ensure(MetadataColumn.all)
        let errorIndex = header.ensure([MetadataColumn.error])[0]
        let sourceRowIndex = options.shard.map { _ in header.ensure([sourceRowColumn])[0] }
        let pathIndex = reader.header.index(of: "path")
        let textIndex = reader.header.index(of: "text")
        let writer = try CSVWriter(path: output)
        try writer.write(header.names)
        var summary = InfoSummary()
        let counting: FrameCounting = options.exactFrameCount ? .decoded : .header
        let folder = reader.folder
        let shard = options.shard
        try processRows(reader, workers: options.workers, progress: progress,
                        include: { shard?.owns(row: $0.index) ?? true },
                        isFailure: { if case .failure = $0 { true } else { false } },
                        work: { row -> Result<[String], MediaError> in
            let path = row[pathIndex]
            guard !isBlank(path) else { return .failure(MediaError(.open, path: path, message: "the row has no path")) }
            do {
                return .success(metadataFields(try probe(resolvePath(path, relativeTo: folder), frameCounting: counting)))
            } catch let error as MediaError {
                return .failure(error)
            } catch {
                return .failure(MediaError(.open, path: path, message: "\(error)"))
            }
        }, consume: { row, outcome in
            summary.rowsRead += 1
            if options.removeEmptyCaption, isBlank(row[textIndex]) {
                summary.removedEmptyCaption += 1
                return
            }
            var updated = row
            updated.pad(to: header.names.count)
            switch outcome {
            case .success(let fields):
                for (index, value) in zip(metadataIndices, fields) { updated[index] = value }
                updated[errorIndex] = ""
            case .failure(let error):
                for index in metadataIndices { updated[index] = "" }
                updated[errorIndex] = error.description
                summary.failures.append(RowFailure(line: row.line, path: row[pathIndex], reason: error.description))
            }
            if let sourceRowIndex { updated[sourceRowIndex] = String(row.index) }
            try writer.write(updated.fields)
            summary.rowsWritten += 1
        })
        try writer.commit()
        progress?.finish()
        return summary
    }
}
