/// Which bucket a sample lands in: indices into `Bucket.resolutions`, that resolution's frame
/// buckets (longest first) and its aspect-ratio table. Open-Sora's id is the tuple
/// `(resolution name, frames, ratio name)`; `Bucket.describe(_:)` gives those.
public struct BucketKey: Sendable, Hashable, Codable {
    public var resolution: Int
    public var frameIndex: Int
    public var ratio: Int

    public init(resolution: Int, frameIndex: Int, ratio: Int) {
        self.resolution = resolution
        self.frameIndex = frameIndex
        self.ratio = ratio
    }
}

/// Why `get_bucket_id` returned None for a sample.
public enum DropReason: String, Sendable, Codable, CaseIterable {
    /// Fewer pixels than 0.8 × every resolution's budget.
    case tooSmall = "too-small"
    /// A video with fewer (fps-adjusted) frames than every video bucket it was large enough for.
    case tooShort = "too-short"
    /// An image, and no resolution it was large enough for has a 1-frame bucket.
    case noImageBucket = "no-image-bucket"
    /// It fit somewhere, but lost the keep draw (or skipped every frame count) at every such resolution.
    case lostDraw = "lost-draw"
    /// num_frames, height or width missing or not a positive number, or fps not a number.
    case invalidMetadata = "invalid-metadata"

    public var explanation: String {
        switch self {
        case .tooSmall: return "too small (below 0.8 × the smallest resolution)"
        case .tooShort: return "too short (fewer frames than the shortest video bucket it fits)"
        case .noImageBucket: return "image with no 1-frame bucket at any resolution it fits"
        case .lostDraw: return "lost the draw at every resolution it fits"
        case .invalidMetadata: return "missing or invalid num_frames/height/width/fps"
        }
    }
}

/// `get_bucket_id`'s answer.
public enum BucketDecision: Sendable, Hashable {
    case assigned(BucketKey)
    case dropped(DropReason)

    public var key: BucketKey? {
        if case .assigned(let key) = self { return key }
        return nil
    }

    public var dropReason: DropReason? {
        if case .dropped(let reason) = self { return reason }
        return nil
    }
}

/// The shape metadata of one table row, what bucket assignment reads.
public struct SampleShape: Sendable, Hashable {
    public var frames: Int
    public var height: Int
    public var width: Int
    /// NaN for images (and unknown rates): no sub-sampling.
    public var fps: Double

    public init(frames: Int, height: Int, width: Int, fps: Double) {
        self.frames = frames
        self.height = height
        self.width = width
        self.fps = fps
    }

    /// A row whose metadata could not be read; it is dropped with `.invalidMetadata`.
    public static let invalid = SampleShape(frames: -1, height: -1, width: -1, fps: .nan)
    public var isValid: Bool { frames >= 0 && height > 0 && width > 0 && !fps.isInfinite }
}

/// Open-Sora 2.0's `Bucket` (opensora/datasets/bucket.py): resolutions largest first, frame
/// buckets longest first, and the per-sample assignment with demotion on a failed draw.
public struct Bucket: Sendable {
    public struct Resolution: Sendable {
        public var table: AspectRatioTable
        /// Longest first.
        public var frames: [BucketConfig.FrameEntry]
        /// The flat id of this resolution's first bucket (see `flatID`).
        public var firstID: Int
        public var name: String { table.resolution }
        /// Index in `frames` of the 1-frame bucket, if any.
        public var imageFrameIndex: Int?
    }

    /// Largest pixel budget first; equal budgets keep the config's order (Python's stable sort).
    public let resolutions: [Resolution]
    /// Number of (resolution, frames, ratio) triples: the multiplier of the sample id in the seed.
    public let numBucket: Int
    public let fpsMax: Double
    /// Open-Sora's `approx`: a sample needs at least 0.8 × a resolution's pixels to use it.
    public static let sizeTolerance = 0.8

    public init(_ config: BucketConfig) {
        let order = config.resolutions.indices.sorted {
            let (a, b) = (config.resolutions[$0].table.pixels, config.resolutions[$1].table.pixels)
            return a != b ? a > b : $0 < $1
        }
        var next = 0
        resolutions = order.map { index in
            let entry = config.resolutions[index]
            let frames = entry.frames.sorted { $0.frames > $1.frames }
            let resolution = Resolution(table: entry.table, frames: frames, firstID: next,
                                        imageFrameIndex: frames.firstIndex { $0.frames == 1 })
            next += frames.count * entry.table.entries.count
            return resolution
        }
        numBucket = next
        fpsMax = config.fpsMax
    }

    /// `map_target_fps(fps, fps_max)`'s interval: 1 for NaN or fps < fps_max, else ceil(fps / fps_max).
    public func frameInterval(fps: Double) -> Int {
        guard !fps.isNaN, fps >= fpsMax else { return 1 }
        let interval = (fps / fpsMax).rounded(.up)
        return interval < 1e15 ? Int(interval) : Int(1e15)
    }

    /// The seed Open-Sora's sampler gives sample `index` in `epoch`: base + epoch + index × num_bucket,
    /// as a 128-bit value (Python integers do not overflow).
    public func sampleSeed(base: UInt64, epoch: Int, index: Int) -> (high: UInt64, low: UInt64) {
        let product = UInt64(index).multipliedFullWidth(by: UInt64(numBucket))
        var high = product.high
        var (low, carry) = product.low.addingReportingOverflow(base)
        if carry { high += 1 }
        (low, carry) = low.addingReportingOverflow(UInt64(epoch))
        if carry { high += 1 }
        return (high, low)
    }

    /// `get_bucket_id(T, H, W, fps, seed, fps_max)` with `numpy.random.default_rng(seed)`.
    public func bucketID(frames: Int, height: Int, width: Int, fps: Double, seed: UInt64) -> BucketDecision {
        bucketID(SampleShape(frames: frames, height: height, width: width, fps: fps), seedHigh: 0, low: seed)
    }

    /// The same for a seed of up to 128 bits (`high·2⁶⁴ + low`).
    public func bucketID(_ sample: SampleShape, seedHigh: UInt64, low: UInt64) -> BucketDecision {
        guard sample.isValid else { return .dropped(.invalidMetadata) }
        let frames = sample.frames / frameInterval(fps: sample.fps)
        let pixels = Double(sample.height * sample.width)
        var rng: NumpyRandom?
        // Created on the first draw only: most samples of a probability-1 config never draw.
        func draw() -> Double {
            if rng == nil { rng = NumpyRandom(seedHigh: seedHigh, low: low) }
            return rng!.nextDouble()
        }
        var fitsSomewhere = false
        var lostADraw = false
        for (resolutionIndex, resolution) in resolutions.enumerated() {
            if pixels < Double(resolution.table.pixels) * Self.sizeTolerance { continue }
            fitsSomewhere = true
            if frames == 1 {
                // Images: only the 1-frame bucket, always drawn (even at probability 1).
                guard let imageIndex = resolution.imageFrameIndex else { continue }
                if draw() < resolution.frames[imageIndex].probability.keep {
                    return .assigned(key(resolutionIndex, imageIndex, sample))
                }
                lostADraw = true
                continue
            }
            for (frameIndex, entry) in resolution.frames.enumerated() where frames >= entry.frames && entry.frames != 1 {
                let keep: Double
                switch entry.probability {
                case .single(let p):
                    keep = p
                case .pair(let hw, let t):
                    if t >= 1 || draw() <= t {
                        lostADraw = true
                        continue
                    }
                    keep = hw
                }
                if keep >= 1 || draw() <= keep {
                    return .assigned(key(resolutionIndex, frameIndex, sample))
                }
                lostADraw = true
                break
            }
        }
        if !fitsSomewhere { return .dropped(.tooSmall) }
        if lostADraw { return .dropped(.lostDraw) }
        return .dropped(frames == 1 ? .noImageBucket : .tooShort)
    }

    private func key(_ resolution: Int, _ frameIndex: Int, _ sample: SampleShape) -> BucketKey {
        let ratio = resolutions[resolution].table.closestRatio(height: Double(sample.height), width: Double(sample.width))
        return BucketKey(resolution: resolution, frameIndex: frameIndex, ratio: ratio)
    }

    /// A dense number in 0..<numBucket: resolutions largest first, frames longest first, ratios in
    /// table order.
    public func flatID(_ key: BucketKey) -> Int {
        resolutions[key.resolution].firstID + key.frameIndex * resolutions[key.resolution].table.entries.count + key.ratio
    }

    public func key(flatID: Int) -> BucketKey {
        var resolution = resolutions.count - 1
        while resolutions[resolution].firstID > flatID { resolution -= 1 }
        let offset = flatID - resolutions[resolution].firstID
        let ratios = resolutions[resolution].table.entries.count
        return BucketKey(resolution: resolution, frameIndex: offset / ratios, ratio: offset % ratios)
    }

    /// `get_thw`: the clip shape the bucket asks for.
    public func shape(of key: BucketKey) -> (frames: Int, height: Int, width: Int) {
        let resolution = resolutions[key.resolution]
        let entry = resolution.table.entries[key.ratio]
        return (resolution.frames[key.frameIndex].frames, entry.height, entry.width)
    }

    /// `get_batch_size`: per rank, from (resolution, frames).
    public func batchSize(of key: BucketKey) -> Int {
        resolutions[key.resolution].frames[key.frameIndex].batchSize
    }

    /// Open-Sora's id tuple.
    public func describe(_ key: BucketKey) -> (resolution: String, frames: Int, ratio: String) {
        let resolution = resolutions[key.resolution]
        return (resolution.name, resolution.frames[key.frameIndex].frames, resolution.table.entries[key.ratio].name)
    }
}

extension BucketProbability {
    /// The resolution keep probability (p, or p_hw of a pair).
    public var keep: Double {
        switch self {
        case .single(let p): return p
        case .pair(let hw, _): return hw
        }
    }
}
