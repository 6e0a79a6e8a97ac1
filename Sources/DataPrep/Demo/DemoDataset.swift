import DataTable
import Foundation
import Media

/// What `data demo` makes. The defaults train in minutes on two cores: 48 short clips and 24
/// images of at most 128 × 128 pixels.
public struct DemoOptions: Sendable, Equatable {
    public var videos: Int
    public var images: Int
    public var seed: UInt64
    public var workers: Int

    public init(videos: Int = 48, images: Int = 24, seed: UInt64 = 0, workers: Int = availableCores) {
        self.videos = videos
        self.images = images
        self.seed = seed
        self.workers = max(1, workers)
    }
}

public struct DemoSummary: Sendable, Equatable {
    /// Every file written, in table order.
    public var items: [DemoItem]
    /// The canonical table, `FOLDER/meta.csv`.
    public var table: String
    /// Frames over all the videos.
    public var videoFrames: Int
}

/// The name of the table `generateDemoDataset` writes in the dataset folder.
public let demoTableName = "meta.csv"

/// `data demo`: draws the planned items (shapes of named colours on coloured backgrounds, moving or
/// still) into `folder/videos/*.mp4` and `folder/images/*.png|jpg`, one file per worker at a time,
/// then writes `folder/meta.csv` by running the `data info` job over them with their captions, so
/// the table is made exactly as a user's would be. Existing files of the same names are replaced.
/// `makeProgress(label, total)` gives a reporter for each phase ("demo", then "info").
public func generateDemoDataset(folder: String, options: DemoOptions = DemoOptions(),
                                makeProgress: ((String, Int) -> ProgressReporter)? = nil) throws -> DemoSummary {
    guard options.videos >= 0, options.images >= 0, options.videos + options.images > 0 else {
        throw DataPrepError.usage("the demo needs at least one video or image, got \(options.videos) videos and \(options.images) images")
    }
    let items = planDemoDataset(videos: options.videos, images: options.images, seed: options.seed)
    for subfolder in ["videos", "images"] { try createFolder(folder + "/" + subfolder) }
    let progress = makeProgress?("demo", items.count)
    let outcomes = parallelMap(items, workers: options.workers) { item -> String? in
        let failure: String?
        do {
            try writeDemoItem(item, to: folder + "/" + item.path)
            failure = nil
        } catch {
            failure = "\(error)"
        }
        progress?.advance(failed: failure == nil ? 0 : 1)
        return failure
    }
    progress?.finish()
    let failures = outcomes.compactMap { $0 }
    if let first = failures.first {
        throw DataPrepError.runtime("\(failures.count) of \(items.count) demo files could not be written; the first: \(first)")
    }
    let table = folder + "/" + demoTableName
    try writeInfoTable(items, folder: folder, table: table, workers: options.workers, makeProgress: makeProgress)
    return DemoSummary(items: items, table: table, videoFrames: items.filter { !$0.isImage }.reduce(0) { $0 + $1.frameCount })
}

/// `mkdir -p` with reasons a user can act on (Foundation's say "The file doesn't exist").
func createFolder(_ path: String) throws {
    var isFolder: ObjCBool = false
    if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) {
        guard isFolder.boolValue else { throw DataPrepError.runtime("\(path): exists and is not a folder") }
        return
    }
    let parent = (path as NSString).deletingLastPathComponent
    if !parent.isEmpty, parent != path { try createFolder(parent) }
    guard mkdir(path, 0o755) == 0 || errno == EEXIST else {
        throw DataPrepError.runtime("\(path): cannot create the folder: \(String(cString: strerror(errno)))")
    }
}

/// Renders and encodes one item.
func writeDemoItem(_ item: DemoItem, to path: String) throws {
    if item.isImage {
        try ImageWriter().write(renderDemoFrame(item, frame: 0), width: item.width, height: item.height, to: path)
        return
    }
    let writer = try VideoWriter(path: path, width: item.width, height: item.height, fps: Rational(item.fps ?? 25, 1))
    for index in 0 ..< item.frameCount { try writer.append(renderDemoFrame(item, frame: index)) }
    try writer.finish()
}

/// Writes the `path, text` table of the items next to the files and runs `computeInfo` (the
/// `data info` job) from it into `table`; the caption table is a temporary file, removed after.
private func writeInfoTable(_ items: [DemoItem], folder: String, table: String, workers: Int,
                            makeProgress: ((String, Int) -> ProgressReporter)?) throws {
    let captions = "\(folder)/.captions.\(getpid()).csv"
    defer { unlink(captions) }
    let rows = items.map { TableRow(fields: [$0.path, $0.caption]) }
    try reportingTableErrors {
        try Table(header: TableHeader(["path", "text"]), rows: rows).write(to: captions)
    }
    let summary = try computeInfo(input: captions, output: table, options: InfoOptions(workers: workers),
                                  progress: makeProgress?("info", items.count))
    if let first = summary.failures.first {
        throw DataPrepError.runtime("\(summary.failures.count) demo files could not be probed; the first: \(first.path): \(first.reason)")
    }
}
