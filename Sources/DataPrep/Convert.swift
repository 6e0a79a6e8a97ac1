import DataTable
import Foundation
import Media

public struct ConvertOptions: Sendable {
    /// Column (CSV) or key (JSON) holding the caption; default "text", and for JSON also "caption".
    public var captionColumn: String?
    /// Column or key holding the video path; default "path", and for JSON also "file", "video", "video_path".
    public var videoColumn: String?
    /// Folder that relative video paths in the input are relative to (default: the input's folder).
    public var dataRoot: String?
    /// CogVideoX's list of videos, one per line, paired with the prompts file given as input.
    public var videosFile: String?

    public init(captionColumn: String? = nil, videoColumn: String? = nil, dataRoot: String? = nil, videosFile: String? = nil) {
        self.captionColumn = captionColumn
        self.videoColumn = videoColumn
        self.dataRoot = dataRoot
        self.videosFile = videosFile
    }
}

public struct ConvertSummary: Sendable, Equatable {
    public var format: String
    public var rowsWritten = 0
}

/// `data convert`: MSR-VTT caption JSON/JSONL (`{"file", "captions": [...]}`, one row per caption,
/// or the official `{"sentences": [{"video_id", "caption"}]}`), CogVideoX `prompt.txt` + `videos.txt`,
/// or CSV/JSONL with other column names → canonical CSV with `path` and `text` first.
public func convertToCanonical(input: String, output: String, options: ConvertOptions = ConvertOptions()) throws -> ConvertSummary {
    try reportingTableErrors {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: input, isDirectory: &isFolder) else {
            throw DataPrepError.usage("\(input): no such file or folder")
        }
        let outputFolder = parentFolder(of: output)
        if isFolder.boolValue || input.hasSuffix(".txt") {
            let prompts = isFolder.boolValue ? input + "/prompt.txt" : input
            guard let videos = options.videosFile ?? (isFolder.boolValue ? input + "/videos.txt" : nil) else {
                throw DataPrepError.usage("\(input): a CogVideoX prompt file needs --videos VIDEOS.txt")
            }
            let root = options.dataRoot ?? parentFolder(of: videos)
            let rows = try cogVideoXRows(prompts: prompts, videos: videos).map { [relocate($0[0], from: root, to: outputFolder), $0[1]] }
            return try writeRows(rows, header: ["path", "text"], to: output, format: "CogVideoX prompt.txt + videos.txt")
        }
        let root = options.dataRoot ?? parentFolder(of: input)
        if input.hasSuffix(".csv") {
            return try convertCSV(input: input, output: output, options: options, root: root)
        }
        let records = try jsonRecords(input)
        let rows = try records.flatMap { try captionRows($0, source: input, options: options) }
            .map { [relocate($0[0], from: root, to: outputFolder), $0[1]] }
        return try writeRows(rows, header: ["path", "text"], to: output, format: "caption JSON")
    }
}

/// Rows violating CogVideoX's constraints: width and height divisible by 32, frames 4k or 4k+1.
/// Uses the table's columns when present, else probes the file.
public func cogVideoXViolations(table: String) throws -> [RowFailure] {
    try reportingTableErrors {
        let reader = try TableReader(path: table)
        try require(["path"], in: reader)
        let pathIndex = reader.header.index(of: "path")
        let columns = ["width", "height", "num_frames"].map { reader.header.index(of: $0) }
        var failures: [RowFailure] = []
        while let row = try reader.next() {
            let path = row[pathIndex]
            var values = columns.map { Int(row[$0]) }
            if values.contains(nil) {
                do {
                    let info = try probe(reader.resolve(path), frameCounting: .packets)
                    values = [info.width, info.height, info.frameCount]
                } catch {
                    failures.append(RowFailure(line: row.line, path: path, reason: "\(error)"))
                    continue
                }
            }
            let (width, height, frames) = (values[0]!, values[1]!, values[2]!)
            var problems: [String] = []
            if width % 32 != 0 { problems.append("width \(width) is not divisible by 32") }
            if height % 32 != 0 { problems.append("height \(height) is not divisible by 32") }
            if frames % 4 > 1 { problems.append("\(frames) frames is neither 4k nor 4k+1") }
            if !problems.isEmpty {
                failures.append(RowFailure(line: row.line, path: path, reason: "\(path): " + problems.joined(separator: ", ")))
            }
        }
        return failures
    }
}

private func convertCSV(input: String, output: String, options: ConvertOptions, root: String) throws -> ConvertSummary {
    let reader = try TableReader(path: input)
    let videoName = options.videoColumn ?? "path"
    let captionName = options.captionColumn ?? "text"
    try require([videoName, captionName], in: reader)
    let videoIndex = reader.header.index(of: videoName)!
    let captionIndex = reader.header.index(of: captionName)!
    let others = reader.header.names.indices.filter {
        $0 != videoIndex && $0 != captionIndex && !["path", "text"].contains(reader.header.names[$0])
    }
    let writer = try CSVWriter(path: output)
    try writer.write(["path", "text"] + others.map { reader.header.names[$0] })
    var summary = ConvertSummary(format: "CSV")
    let outputFolder = parentFolder(of: output)
    while let row = try reader.next() {
        try writer.write([relocate(row[videoIndex], from: root, to: outputFolder), row[captionIndex]] + others.map { row[$0] })
        summary.rowsWritten += 1
    }
    try writer.commit()
    return summary
}

private func cogVideoXRows(prompts: String, videos: String) throws -> [[String]] {
    let promptLines = try lines(of: prompts)
    let videoLines = try lines(of: videos)
    guard promptLines.count == videoLines.count else {
        throw DataPrepError.usage("\(prompts) has \(promptLines.count) prompts but \(videos) has \(videoLines.count) videos; they pair line by line")
    }
    return zip(videoLines, promptLines).map { [$0, $1] }
}

private func lines(of path: String) throws -> [String] {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
        throw DataPrepError.runtime("\(path): cannot read it as UTF-8 text")
    }
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { String($0.hasSuffix("\r") ? $0.dropLast() : $0) }
    while lines.last?.isEmpty == true { lines.removeLast() }
    return lines
}

/// The records of a JSON array, of a JSON object (official MSR-VTT: its "sentences"), or of JSON lines.
private func jsonRecords(_ path: String) throws -> [[String: Any]] {
    guard let data = FileManager.default.contents(atPath: path) else {
        throw DataPrepError.runtime("\(path): cannot read the file")
    }
    if let whole = try? JSONSerialization.jsonObject(with: data) {
        if let array = whole as? [[String: Any]] { return array }
        if let object = whole as? [String: Any] {
            if let sentences = object["sentences"] as? [[String: Any]] { return sentences }
            return [object]
        }
    }
    var records: [[String: Any]] = []
    for (number, line) in data.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated()
    where !line.allSatisfy({ $0 == 0x20 || $0 == 0x0D || $0 == 0x09 }) {
        guard let record = (try? JSONSerialization.jsonObject(with: Foundation.Data(line))) as? [String: Any] else {
            throw DataPrepError.usage("\(path):\(number + 1): not a JSON object (expected a JSON array, an MSR-VTT object or JSON lines)")
        }
        records.append(record)
    }
    return records
}

private func captionRows(_ record: [String: Any], source: String, options: ConvertOptions) throws -> [[String]] {
    let videoKeys = options.videoColumn.map { [$0] } ?? ["path", "file", "video", "video_path", "video_id"]
    let captionKeys = options.captionColumn.map { [$0] } ?? ["captions", "text", "caption"]
    guard let videoKey = videoKeys.first(where: { record[$0] is String }), var video = record[videoKey] as? String else {
        throw DataPrepError.usage("\(source): a record has none of the keys \(videoKeys.joined(separator: ", ")) for the video: \(record.keys.sorted())")
    }
    if videoKey == "video_id", !video.contains(".") { video += ".mp4" }
    guard let captionKey = captionKeys.first(where: { record[$0] != nil }) else {
        throw DataPrepError.usage("\(source): the record for \(video) has none of the keys \(captionKeys.joined(separator: ", ")) for the caption")
    }
    if let captions = record[captionKey] as? [String] { return captions.map { [video, $0] } }
    if let caption = record[captionKey] as? String { return [[video, caption]] }
    throw DataPrepError.usage("\(source): the caption of \(video) under '\(captionKey)' is neither text nor a list of texts")
}

/// A path from an input whose paths are relative to `root`, made valid in a table stored in `folder`.
func relocate(_ path: String, from root: String, to folder: String) -> String {
    if path.hasPrefix("/") || path.isEmpty || root == folder { return path }
    let joined = resolvePath(path, relativeTo: root)
    return joined.hasPrefix("/") ? joined : FileManager.default.currentDirectoryPath + "/" + joined
}

private func writeRows(_ rows: [[String]], header: [String], to output: String, format: String) throws -> ConvertSummary {
    let writer = try CSVWriter(path: output)
    try writer.write(header)
    for row in rows { try writer.write(row) }
    try writer.commit()
    return ConvertSummary(format: format, rowsWritten: rows.count)
}
