/// Where one epoch's data goes: per bucket the samples and batches, the samples dropped and why,
/// totals for images and videos, and the steps each of `ranks` ranks takes. Built from the same
/// `EpochPlan` the training loop iterates, so the numbers are the sampler's own.
public struct BucketReport: Sendable, Codable {
    public struct Row: Sendable, Codable, Equatable {
        public var resolution: String
        public var frames: Int
        public var ratio: String
        public var height: Int
        public var width: Int
        public var batchSize: Int
        public var samples: Int
        public var batches: Int
        /// Samples in no batch (the drop_last remainder).
        public var unbatched: Int
    }

    public struct Totals: Sendable, Codable, Equatable {
        public var samples = 0
        public var batches = 0
        public var dropped = 0
        public var unbatched = 0
    }

    public var epoch: Int
    public var seed: UInt64
    public var ranks: Int
    public var numBucket: Int
    public var rows: [Row]
    /// Dropped samples by reason (DropReason raw values), images and videos apart.
    public var droppedImages: [String: Int]
    public var droppedVideos: [String: Int]
    public var images: Totals
    public var videos: Totals
    public var totalBatches: Int
    public var stepsPerEpoch: Int
    public var warnings: [String]

    /// Rows sorted as Open-Sora logs them: resolution largest first, then frames longest first,
    /// then the ratio's table order.
    public init(plan: EpochPlan, bucket: Bucket, samples: [SampleShape], seed: UInt64) {
        epoch = plan.epoch
        self.seed = seed
        ranks = plan.numReplicas
        numBucket = bucket.numBucket
        var images = Totals()
        var videos = Totals()
        rows = plan.buckets.sorted { bucket.flatID($0.key) < bucket.flatID($1.key) }.map { planned in
            let name = bucket.describe(planned.key)
            let shape = bucket.shape(of: planned.key)
            let row = Row(resolution: name.resolution, frames: name.frames, ratio: name.ratio, height: shape.height,
                          width: shape.width, batchSize: planned.batchSize, samples: planned.assigned,
                          batches: planned.batches, unbatched: planned.unbatched)
            if name.frames == 1 {
                images.samples += row.samples
                images.batches += row.batches
                images.unbatched += row.unbatched
            } else {
                videos.samples += row.samples
                videos.batches += row.batches
                videos.unbatched += row.unbatched
            }
            return row
        }
        var droppedImages: [String: Int] = [:]
        var droppedVideos: [String: Int] = [:]
        for (index, code) in plan.assignment.codes.enumerated() where code < 0 {
            let reason = DropReason.allCases[Int(-1 - code)].rawValue
            if samples[index].frames == 1 {
                droppedImages[reason, default: 0] += 1
                images.dropped += 1
            } else {
                droppedVideos[reason, default: 0] += 1
                videos.dropped += 1
            }
        }
        self.droppedImages = droppedImages
        self.droppedVideos = droppedVideos
        self.images = images
        self.videos = videos
        totalBatches = plan.totalBatches
        stepsPerEpoch = plan.steps
        warnings = plan.warnings
    }
}
