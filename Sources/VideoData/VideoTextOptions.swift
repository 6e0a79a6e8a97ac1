/// How a clip's frames are fitted to the size its bucket asks for (Open-Sora's `transform_name`).
public enum TransformName: String, Sendable, CaseIterable {
    /// Scale to cover the target, cut the overflow evenly (all Open-Sora 2.0 configs).
    case resizeCrop = "resize_crop"
    /// UCF-style: scale the short side to the target, centre crop; square targets only.
    case center = "center"
    /// A random crop with sides drawn between the target's height and width, rounded down to
    /// multiples of 8 (then scaled to the target so that a batch stacks; see `SpatialTransform`).
    case randSizeCrop = "rand_size_crop"
}

/// The settings of a `video_text` dataset, named as in Open-Sora's config (`dataset = dict(type=
/// "video_text", data_path=…, transform_name=…, fps_max=…, vmaf=…, memory_efficient=…)`), plus ours.
public struct VideoTextOptions: Sendable, Equatable {
    public var transformName: TransformName
    /// Frame rates at or above this are sub-sampled with an integer interval; nil means no limit
    /// (Open-Sora maps `fps_max=None` to 999999999 and then adds no FPS suffix to captions).
    public var fpsMax: Double?
    /// Appends the rounded `score_vmafmotion` to captions ("…, 3 motion score.").
    public var vmaf: Bool
    /// Captions stay on disk: `tablePath` is then a folder of shards written by `strata data shard`,
    /// and a caption is read from its shard when its sample is loaded (Open-Sora reads parquet
    /// shards the same way). Paths, frame counts and rates stay in memory.
    public var memoryEfficient: Bool
    /// Seeds every random choice together with the epoch and the row (see `SampleDraws`).
    public var seed: UInt64
    /// Decoder threads per clip; 1 is best when the loader runs one worker per core (video-perf.md §C).
    public var decoderThreads: Int

    public init(transformName: TransformName = .resizeCrop, fpsMax: Double? = 16, vmaf: Bool = false,
                memoryEfficient: Bool = false, seed: UInt64 = 42, decoderThreads: Int = 1) {
        self.transformName = transformName
        self.fpsMax = fpsMax
        self.vmaf = vmaf
        self.memoryEfficient = memoryEfficient
        self.seed = seed
        self.decoderThreads = decoderThreads
    }
}

/// The rate a clip is trained at and the frame step that gives it: Open-Sora's `map_target_fps`.
public struct TargetRate: Sendable, Equatable {
    /// 0 for images and rows without a rate.
    public var fps: Double
    /// Take every `interval`-th frame.
    public var interval: Int
    /// True when `fps` came from `floor(fps / interval)`: Python then holds an int, printed without ".0".
    public var isWhole: Bool

    /// NaN (or no rate) → (0, 1); `fps < fpsMax` → (fps, 1); else `interval = ceil(fps / fpsMax)`,
    /// `fps = floor(fps / interval)`.
    public init(sourceFPS: Double?, fpsMax: Double?) {
        let limit = fpsMax ?? 999_999_999
        guard let source = sourceFPS, source.isFinite else {
            self.init(fps: 0, interval: 1, isWhole: true)
            return
        }
        if source < limit {
            self.init(fps: source, interval: 1, isWhole: false)
        } else {
            let interval = Int((source / limit).rounded(.up))
            self.init(fps: (source / Double(interval)).rounded(.down), interval: interval, isWhole: true)
        }
    }

    public init(fps: Double, interval: Int, isWhole: Bool) {
        self.fps = fps
        self.interval = interval
        self.isWhole = isWhole
    }

    /// How Python prints the value: an int from `math.floor`, else the float's repr (Swift's shortest
    /// round-trip description agrees with Python's repr for frame rates: "25.0", "23.976").
    var pythonText: String {
        isWhole && fps.magnitude < 1e15 ? String(Int(fps)) : fps.description
    }
}

/// Open-Sora's caption suffix: `" {fps} FPS, {round(motion)} motion score."`. The FPS part only when
/// the rate is not 0 and `fps_max` is set below 999; the motion part only with `vmaf` and a score.
func captionSuffix(rate: TargetRate, fpsMax: Double?, motionScore: Double?, vmaf: Bool) -> String {
    var parts: [String] = []
    if rate.fps != 0, let fpsMax, fpsMax < 999 { parts.append("\(rate.pythonText) FPS") }
    if vmaf, let motionScore, motionScore.isFinite {
        // Python's round() rounds halves to even.
        parts.append("\(Int(motionScore.rounded(.toNearestOrEven))) motion score")
    }
    return parts.isEmpty ? "" : " " + parts.joined(separator: ", ") + "."
}
