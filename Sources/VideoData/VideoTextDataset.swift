import Buckets
import DataTable
import Foundation
import Media
import Tensor

/// One loaded sample: the clip as Float32 `[C, T, H, W]` in [-1, 1] (`[C, 1, H, W]` for images) and
/// its caption with Open-Sora's suffixes.
public struct VideoTextSample: Sendable {
    public var request: SampleRequest
    public var video: Tensor
    public var caption: String
    /// The rate the clip is trained at (Open-Sora's `fps`): `floor(fps / interval)` or the source
    /// rate below `fps_max`; 0 for images.
    public var fps: Double
    /// The media file, resolved against the table's folder.
    public var path: String
    public var frameIndices: [Int]
    /// Further per-sample tensors by name (precomputed text embeddings and their masks); the
    /// loader stacks each into `LoadedBatch.extras`.
    public var extras: [String: Tensor]

    public init(request: SampleRequest, video: Tensor, caption: String, fps: Double, path: String,
                frameIndices: [Int], extras: [String: Tensor] = [:]) {
        self.request = request
        self.video = video
        self.caption = caption
        self.fps = fps
        self.path = path
        self.frameIndices = frameIndices
        self.extras = extras
    }
}

/// What a sample will read, before any decoding: a pure function of the table, the options and
/// (seed, epoch, row), so benchmarks and tests can reproduce a loader's choices.
public struct ClipPlan: Sendable, Equatable {
    public var path: String
    public var isImage: Bool
    /// Frame numbers to decode (from 0), in clip order.
    public var frameIndices: [Int]
    /// The picture the decoder delivers and the part of it that is kept.
    public var shape: DecodeShape
    public var rate: TargetRate
    /// The frame count the indices were drawn from.
    public var total: Int
}

/// Open-Sora's `video_text` dataset (`VideoTextDataset`): table row + shape request → clip tensor
/// and caption. Decodes only the frames `temporal_random_crop` picks (`Media.decodeClip`), never the
/// whole file. Immutable after construction and safe to share between loader threads.
public final class VideoTextDataset: Sendable {
    public let tablePath: String
    public let options: VideoTextOptions
    let rows: DatasetRows
    let shardCaptions: ShardCaptions?
    let failures: FailureLog

    /// Reads the table (a canonical CSV, or with `memoryEfficient` a folder of shards). Throws
    /// `TableError` naming the file and line for an unreadable table or a missing column.
    /// `report` receives one line per table row the first time a sample of it fails.
    public init(tablePath: String, options: VideoTextOptions = VideoTextOptions(),
                report: @escaping @Sendable (String) -> Void = writeToStandardError) throws {
        if options.memoryEfficient, !isFolder(tablePath) {
            throw TableError(path: tablePath, message: "memory_efficient reads a folder of shards (`strata data shard` writes them; Open-Sora likewise needs parquet shards), not a single table")
        }
        self.tablePath = tablePath
        self.options = options
        rows = try DatasetRows.read(tablePath: tablePath, keepCaptions: !options.memoryEfficient)
        shardCaptions = options.memoryEfficient ? try ShardCaptions(folder: tablePath) : nil
        failures = FailureLog(sink: report)
    }

    /// Rows in the table.
    public var count: Int { rows.count }

    /// The resolved media path of a row.
    public func path(row: Int) -> String { rows.paths[row] }

    /// Loads one sample; every failure (bad request, unreadable file, clip too short, decoder error)
    /// is a `SampleError` saying why.
    public func sample(_ request: SampleRequest, epoch: Int) throws(SampleError) -> VideoTextSample {
        var plan = try plan(request, epoch: epoch)
        let video: Tensor
        do {
            do {
                video = try decodeTensor(path: plan.path, frameIndices: plan.frameIndices, shape: plan.shape,
                                         height: request.height, width: request.width, decoderThreads: options.decoderThreads)
            } catch let error as MediaError where error.kind == .framesUnavailable && !plan.isImage
                && (error.framesAvailable ?? 0) > 0 && error.framesAvailable! < plan.total {
                // The table's count is more than the file gives (an estimate, a miscounting header):
                // the same draws pick the clip again within the frames that decode.
                plan = try self.plan(request, epoch: epoch, total: error.framesAvailable)
                video = try decodeTensor(path: plan.path, frameIndices: plan.frameIndices, shape: plan.shape,
                                         height: request.height, width: request.width, decoderThreads: options.decoderThreads)
            }
        } catch let error as SampleError {
            throw error
        } catch {
            throw SampleError(reason(error))
        }
        return VideoTextSample(request: request, video: video, caption: try caption(row: request.index, rate: plan.rate),
                               fps: plan.rate.fps, path: plan.path, frameIndices: plan.frameIndices)
    }

    /// Which frames and which rectangle `sample` will decode. Reads the container header only when
    /// the table lacks the frame count or size.
    public func plan(_ request: SampleRequest, epoch: Int) throws(SampleError) -> ClipPlan {
        try plan(request, epoch: epoch, total: nil)
    }

    /// `total`: the frames the file was found to give, overriding the table's count.
    func plan(_ request: SampleRequest, epoch: Int, total knownTotal: Int?) throws(SampleError) -> ClipPlan {
        let row = request.index
        guard row >= 0, row < rows.count else {
            throw SampleError("row \(row) is out of range: the table has \(rows.count) rows")
        }
        guard request.frames > 0, request.height > 0, request.width > 0 else {
            throw SampleError("the request \(request.frames)x\(request.height)x\(request.width) (frames x height x width) has an empty side")
        }
        let path = rows.paths[row]
        guard !path.isEmpty else { throw SampleError("the row has no path") }
        let isImage = imageExtensions.contains(fileExtension(path))
        var size = (width: rows.widths[row] ?? 0, height: rows.heights[row] ?? 0)
        var total = isImage ? 1 : knownTotal ?? rows.frameCounts[row] ?? 0
        if size.width <= 0 || size.height <= 0 || total <= 0 {
            do {
                let info = try probe(path)
                size = (info.width, info.height)
                total = info.isImage ? 1 : info.frameCount
            } catch {
                throw SampleError(reason(error))
            }
        }
        let rate = trainingRate(row: row, isImage: isImage)
        var draws = SampleDraws(seed: options.seed, epoch: epoch, row: row)
        var indices = [0]
        if !isImage {
            let begin = draws.integer(0, TemporalCrop.lastStart(total: total, frames: request.frames, interval: rate.interval))
            guard let crop = TemporalCrop.indices(begin: begin, total: total, frames: request.frames, interval: rate.interval) else {
                throw SampleError("the clip has \(total) frames; \(request.frames) frames at an interval of \(rate.interval) need at least \(request.frames)")
            }
            indices = crop
        }
        let shape = try SpatialTransform.decodeShape(options.transformName, sourceWidth: size.width, sourceHeight: size.height,
                                                     targetWidth: request.width, targetHeight: request.height, draws: &draws)
        return ClipPlan(path: path, isImage: isImage, frameIndices: indices, shape: shape, rate: rate, total: total)
    }

    /// The rate a row is trained at: 0 for images, else Open-Sora's `map_target_fps` of the table's
    /// `fps` (no file is opened).
    func trainingRate(row: Int, isImage: Bool) -> TargetRate {
        isImage ? TargetRate(fps: 0, interval: 1, isWhole: true) : TargetRate(sourceFPS: rows.fps[row], fpsMax: options.fpsMax)
    }

    /// The caption and training rate `sample` gives a row, from the table alone: for training on
    /// precomputed latents, where the media file is never opened (it need not even exist).
    public func captionWithoutDecoding(row: Int) throws(SampleError) -> (caption: String, fps: Double) {
        guard row >= 0, row < rows.count else {
            throw SampleError("row \(row) is out of range: the table has \(rows.count) rows")
        }
        let rate = trainingRate(row: row, isImage: imageExtensions.contains(fileExtension(rows.paths[row])))
        return (try caption(row: row, rate: rate), rate.fps)
    }

    /// The row's text with Open-Sora's FPS and motion suffix.
    func caption(row: Int, rate: TargetRate) throws(SampleError) -> String {
        var text: String
        if let shardCaptions {
            do { text = try shardCaptions.caption(row: row) } catch { throw SampleError("cannot read the caption: \(error)") }
        } else {
            text = rows.captions[row]
        }
        text += captionSuffix(rate: rate, fpsMax: options.fpsMax, motionScore: rows.motionScores[row], vmaf: options.vmaf)
        return text
    }

    /// Prints the first failure of each row through `report`; later failures of the row are counted only.
    func reportFailure(row: Int, path: String, reason: String) {
        failures.record(row: row, line: "video \(path): \(reason) (row \(row); dropped from its batch)")
    }

    /// Rows that failed at least once, with how many times.
    public var failureCounts: [Int: Int] { failures.counts }
}

/// The file's extension, lowercased ("" when it has none).
func fileExtension(_ path: String) -> String {
    guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else { return "" }
    return path[path.index(after: dot)...].lowercased()
}

/// An error as one line without the path (the dropped-sample record carries the path).
func reason(_ error: any Error) -> String {
    if var media = error as? MediaError {
        media.path = ""
        return media.description
    }
    return "\(error)"
}

/// The default report: one line on standard error.
public let writeToStandardError: @Sendable (String) -> Void = { line in
    FileHandle.standardError.write(Data(("strata: " + line + "\n").utf8))
}

/// Counts failures per row and passes the first one of each row to the sink.
final class FailureLog: @unchecked Sendable {
    private let lock = NSLock()
    private var seen: [Int: Int] = [:]
    private let sink: @Sendable (String) -> Void

    init(sink: @escaping @Sendable (String) -> Void) { self.sink = sink }

    func record(row: Int, line: String) {
        let first = lock.withLock { () -> Bool in
            seen[row, default: 0] += 1
            return seen[row] == 1
        }
        if first { sink(line) }
    }

    var counts: [Int: Int] { lock.withLock { seen } }
}
