/// One epoch of the variable-shape batch sampler, fully decided: which samples each bucket
/// serves in which order, and which bucket each step of each rank draws from.
///
/// Semantics of Open-Sora 2.0's `VariableVideoBatchSampler.__iter__` (reference §5.5), with our
/// own documented generator: `NumpyRandom(seed + epoch)` (numpy's `default_rng`), used first to
/// shuffle each bucket's samples (`Generator.shuffle`, buckets in first-occurrence order), then
/// to shuffle the access order. Padding repeats from the head cyclically until the count divides
/// (Open-Sora repeats the head at most once, which can leave a small bucket without a batch).
public struct EpochPlan: Sendable {
    public struct PlannedBucket: Sendable {
        public let key: BucketKey
        /// Samples assigned this epoch.
        public let assigned: Int
        /// After drop-last trimming or padding, shuffled: batch j is `samples[j·bs ..< (j+1)·bs]`.
        public let samples: [Int]
        public let batchSize: Int
        public var batches: Int { samples.count / batchSize }
        /// Assigned samples left out of every batch (drop_last remainder).
        public var unbatched: Int { max(0, assigned - samples.count) }
    }

    public let epoch: Int
    public let numReplicas: Int
    public let assignment: EpochAssignment
    /// In first-occurrence order.
    public let buckets: [PlannedBucket]
    /// Per access (step × numReplicas + rank): the bucket index and the offset of its batch.
    public let accessBucket: [Int32]
    public let accessOffset: [Int32]
    /// Said loudly by the sampler's users: data that exists but is never trained on. They do not
    /// name the epoch: the same warning in every epoch is one warning, counted (see Diagnostics).
    public let warnings: [String]
    private let bucket: Bucket

    /// Steps every rank takes this epoch.
    public var steps: Int { accessBucket.count / numReplicas }
    /// Batches before the replica fix-up (Open-Sora's `num_total_batch`).
    public var totalBatches: Int { buckets.reduce(0) { $0 + $1.batches } }

    init(bucket: Bucket, assignment: EpochAssignment, seed: UInt64, numReplicas: Int, dropLast: Bool, shuffle: Bool) {
        self.bucket = bucket
        epoch = assignment.epoch
        self.numReplicas = numReplicas
        self.assignment = assignment
        // The epoch generator is seeded with seed + epoch (sample 0's bucket seed, as Open-Sora's g).
        let seedWords = bucket.sampleSeed(base: seed, epoch: assignment.epoch, index: 0)
        var rng = NumpyRandom(seedHigh: seedWords.high, low: seedWords.low)
        var warnings: [String] = []
        var planned: [PlannedBucket] = []
        for group in assignment.groups() {
            let key = bucket.key(flatID: group.flatID)
            let batchSize = bucket.batchSize(of: key)
            var samples = group.samples
            let remainder = samples.count % batchSize
            if remainder > 0 {
                if dropLast {
                    samples.removeLast(remainder)
                } else {
                    samples += Self.cyclicHead(of: samples, count: batchSize - remainder)
                }
            }
            if shuffle { rng.shuffle(&samples) }
            if samples.isEmpty {
                let name = bucket.describe(key)
                warnings.append("bucket (\(name.resolution), \(name.frames), \(name.ratio)) holds \(group.samples.count) sample(s) but its batch size is \(batchSize): it yields no batch, and these samples are not trained on")
            }
            planned.append(PlannedBucket(key: key, assigned: group.samples.count, samples: samples, batchSize: batchSize))
        }
        var order: [Int32] = []
        for (index, entry) in planned.enumerated() {
            order += repeatElement(Int32(index), count: entry.batches)
        }
        if shuffle { rng.shuffle(&order) }
        let batchCount = order.count
        let remainder = order.count % numReplicas
        if remainder > 0 {
            if dropLast {
                order.removeLast(remainder)
            } else {
                order += Self.cyclicHead(of: order, count: numReplicas - remainder)
            }
        }
        if batchCount > 0 && batchCount < numReplicas {
            warnings.append("only \(batchCount) batch(es) for \(numReplicas) ranks: \(dropLast ? "every rank gets 0 steps" : "batches are repeated to give every rank one step")")
        } else if batchCount == 0 && assignment.codes.contains(where: { $0 >= 0 }) {
            warnings.append("no batch at all: every bucket holds fewer samples than its batch size")
        }
        // Each access takes the next batch of its bucket (a cursor shared by all ranks).
        var cursor = [Int32](repeating: 0, count: planned.count)
        var offsets: [Int32] = []
        offsets.reserveCapacity(order.count)
        for index in order {
            let position = Int(cursor[Int(index)])
            // Padding can ask a bucket for more batches than it has; wrap around (only without drop_last).
            offsets.append(Int32(position % max(1, planned[Int(index)].samples.count)))
            cursor[Int(index)] += Int32(planned[Int(index)].batchSize)
        }
        buckets = planned
        accessBucket = order
        accessOffset = offsets
        self.warnings = warnings
    }

    /// `count` items from the head of `items`, repeating it as often as needed.
    private static func cyclicHead<T>(of items: [T], count: Int) -> [T] {
        guard !items.isEmpty else { return [] }
        return (0..<count).map { items[$0 % items.count] }
    }

    /// The batch rank `rank` trains on at `step`.
    public func batch(step: Int, rank: Int) -> [SampleRequest] {
        let access = step * numReplicas + rank
        let planned = buckets[Int(accessBucket[access])]
        let shape = bucket.shape(of: planned.key)
        let start = Int(accessOffset[access])
        return planned.samples[start..<start + planned.batchSize].map {
            SampleRequest(index: $0, frames: shape.frames, height: shape.height, width: shape.width)
        }
    }

    /// Where rank `rank`'s batch starts in the global batch of `step` (the samples of all ranks,
    /// in rank order): the batch sizes of the ranks before it.
    public func sampleOffset(step: Int, rank: Int) -> Int {
        (0..<rank).reduce(0) { total, other in total + buckets[Int(accessBucket[step * numReplicas + other])].batchSize }
    }

    /// The bucket key of rank `rank`'s batch at `step`.
    public func bucketKey(step: Int, rank: Int) -> BucketKey {
        buckets[Int(accessBucket[step * numReplicas + rank])].key
    }
}
