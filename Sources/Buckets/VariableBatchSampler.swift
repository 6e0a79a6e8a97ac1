import Foundation

/// Where a rank stands in the data: saved in a checkpoint's `sampler.json`, restored on resume.
///
/// `accessIndex` is Open-Sora's `last_micro_batch_access_index` (steps done × replicas); the
/// other fields let `restore` refuse a state from different data instead of silently replaying
/// the wrong order (Open-Sora's documented pitfall).
public struct SamplerState: Codable, Sendable, Equatable {
    public var seed: UInt64
    public var epoch: Int
    public var accessIndex: Int
    public var numReplicas: Int
    public var sampleCount: Int
    public var numBucket: Int

    public init(seed: UInt64, epoch: Int, accessIndex: Int, numReplicas: Int, sampleCount: Int, numBucket: Int) {
        self.seed = seed
        self.epoch = epoch
        self.accessIndex = accessIndex
        self.numReplicas = numReplicas
        self.sampleCount = sampleCount
        self.numBucket = numBucket
    }
}

/// A sampler misuse or a state that does not fit: the message says what was expected.
public struct SamplerError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

/// Open-Sora 2.0's `VariableVideoBatchSampler`: buckets re-drawn every epoch, a shuffled
/// sequence of per-bucket batches split across `numReplicas` ranks, each rank a different
/// shape and batch size at the same step. One value per rank; ranks agree because every
/// decision is a pure function of (seed, epoch, data, config).
///
/// The number of steps is computed per epoch (`stepsInEpoch`), since a redraw with keep
/// probabilities below 1 changes it; iterate exactly `batches(epoch:)`.
public struct VariableBatchSampler: Sendable {
    public let bucket: Bucket
    public let samples: [SampleShape]
    public let seed: UInt64
    public let numReplicas: Int
    public let rank: Int
    public let dropLast: Bool
    public let shuffle: Bool
    public let workers: Int
    /// A restored position: the epoch it applies to and the accesses already consumed.
    public private(set) var resumePoint: (epoch: Int, accessIndex: Int)?
    private let cache = PlanCache()

    public init(bucket: Bucket, samples: [SampleShape], seed: UInt64, numReplicas: Int = 1, rank: Int = 0,
                dropLast: Bool = true, shuffle: Bool = true,
                workers: Int = ProcessInfo.processInfo.activeProcessorCount) throws {
        guard numReplicas >= 1 else { throw SamplerError(message: "num_replicas must be at least 1, got \(numReplicas)") }
        guard (0..<numReplicas).contains(rank) else {
            throw SamplerError(message: "rank must be in 0..<\(numReplicas), got \(rank)")
        }
        self.bucket = bucket
        self.samples = samples
        self.seed = seed
        self.numReplicas = numReplicas
        self.rank = rank
        self.dropLast = dropLast
        self.shuffle = shuffle
        self.workers = max(1, workers)
    }

    /// Everything the epoch decides (the last plan is kept: `stepsInEpoch` then `batches` build it once).
    public func plan(epoch: Int) -> EpochPlan {
        if let plan = cache.plan(epoch: epoch) { return plan }
        let assignment = EpochAssignment(bucket: bucket, samples: samples, seed: seed, epoch: epoch, workers: workers)
        let plan = EpochPlan(bucket: bucket, assignment: assignment, seed: seed, numReplicas: numReplicas,
                             dropLast: dropLast, shuffle: shuffle)
        cache.store(plan)
        return plan
    }

    /// Steps of a whole epoch (the same for every rank).
    public func stepsInEpoch(_ epoch: Int) -> Int { plan(epoch: epoch).steps }

    /// The first step `batches(epoch:)` yields: the restored position in the restored epoch, else 0.
    public func startStep(epoch: Int) -> Int {
        guard let resume = resumePoint, resume.epoch == epoch else { return 0 }
        return min(resume.accessIndex / numReplicas, stepsInEpoch(epoch))
    }

    /// This rank's batches of the epoch, from `startStep(epoch:)` to the end.
    public func batches(epoch: Int) -> EpochBatches {
        let plan = plan(epoch: epoch)
        return EpochBatches(plan: plan, rank: rank, start: startStep(epoch: epoch))
    }

    /// The state after `completedSteps` steps of `epoch` (count the steps trained, not the batches
    /// a prefetching loader has taken).
    public func state(epoch: Int, completedSteps: Int) -> SamplerState {
        SamplerState(seed: seed, epoch: epoch, accessIndex: completedSteps * numReplicas, numReplicas: numReplicas,
                     sampleCount: samples.count, numBucket: bucket.numBucket)
    }

    /// Resumes at the state's position: `batches(epoch: state.epoch)` continues with the next
    /// unseen step (with another replica count, at accessIndex / numReplicas, as Open-Sora).
    public mutating func restore(_ state: SamplerState) throws {
        guard state.seed == seed else {
            throw SamplerError(message: "the sampler state was saved with seed \(state.seed), this run uses \(seed): the data order would differ")
        }
        guard state.sampleCount == samples.count, state.numBucket == bucket.numBucket else {
            throw SamplerError(message: "the sampler state was saved for \(state.sampleCount) samples in \(state.numBucket) buckets, this run has \(samples.count) samples in \(bucket.numBucket) buckets: the dataset or bucket_config changed")
        }
        guard state.epoch >= 0, state.accessIndex >= 0 else {
            throw SamplerError(message: "the sampler state has a negative epoch or position")
        }
        resumePoint = (state.epoch, state.accessIndex)
    }
}

/// One rank's batches of one epoch, from a start step: a finite sequence of known length.
public struct EpochBatches: Sequence, Sendable {
    public let plan: EpochPlan
    public let rank: Int
    public let start: Int

    public var count: Int { Swift.max(0, plan.steps - start) }

    public func makeIterator() -> Iterator { Iterator(plan: plan, rank: rank, step: start) }

    public struct Iterator: IteratorProtocol {
        let plan: EpochPlan
        let rank: Int
        var step: Int

        public mutating func next() -> [SampleRequest]? {
            guard step < plan.steps else { return nil }
            defer { step += 1 }
            return plan.batch(step: step, rank: rank)
        }
    }
}

/// The last plan built, shared by copies of a sampler (building one costs a pass over the data).
private final class PlanCache: @unchecked Sendable {
    private let lock = NSLock()
    private var last: EpochPlan?

    func plan(epoch: Int) -> EpochPlan? { lock.withLock { last?.epoch == epoch ? last : nil } }
    func store(_ plan: EpochPlan) { lock.withLock { last = plan } }
}
