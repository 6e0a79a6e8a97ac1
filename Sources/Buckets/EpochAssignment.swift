import Dispatch
import Foundation

/// Every sample's bucket for one epoch: what Open-Sora's `group_by_bucket` computes with
/// pandarallel on rank 0, here on threads over disjoint slices (each sample's draw depends only
/// on its own seed, so the result does not depend on the split).
public struct EpochAssignment: Sendable {
    public let epoch: Int
    /// Per sample: the bucket's flat id (≥ 0), or −1 − the index of its `DropReason`.
    public let codes: [Int32]

    public init(epoch: Int, codes: [Int32]) {
        self.epoch = epoch
        self.codes = codes
    }

    /// Assigns every sample with seed `base + epoch + index × num_bucket`, as Open-Sora's sampler.
    public init(bucket: Bucket, samples: [SampleShape], seed base: UInt64, epoch: Int,
                workers: Int = ProcessInfo.processInfo.activeProcessorCount) {
        let count = samples.count
        let chunk = 16_384
        let chunks = (count + chunk - 1) / chunk
        let output = SliceOutput(count: count)
        let work: @Sendable (Int) -> Void = { chunkIndex in
            let end = min(count, (chunkIndex + 1) * chunk)
            for index in chunkIndex * chunk..<end {
                let seed = bucket.sampleSeed(base: base, epoch: epoch, index: index)
                output.store(Self.code(bucket, bucket.bucketID(samples[index], seedHigh: seed.high, low: seed.low)), at: index)
            }
        }
        if workers <= 1 || chunks <= 1 {
            for chunkIndex in 0..<chunks { work(chunkIndex) }
        } else {
            DispatchQueue.concurrentPerform(iterations: chunks, execute: work)
        }
        self.init(epoch: epoch, codes: output.finish())
    }

    static func code(_ bucket: Bucket, _ decision: BucketDecision) -> Int32 {
        switch decision {
        case .assigned(let key): return Int32(bucket.flatID(key))
        case .dropped(let reason): return -1 - Int32(DropReason.allCases.firstIndex(of: reason)!)
        }
    }

    public func decision(at index: Int, in bucket: Bucket) -> BucketDecision {
        let code = codes[index]
        return code >= 0 ? .assigned(bucket.key(flatID: Int(code))) : .dropped(DropReason.allCases[Int(-1 - code)])
    }

    /// `bucket_sample_dict`: each bucket's sample indices in ascending order, buckets in the order
    /// of their first sample (the order the seeded shuffles run in).
    public func groups() -> [(flatID: Int, samples: [Int])] {
        var slot: [Int32: Int] = [:]
        var groups: [(flatID: Int, samples: [Int])] = []
        for (index, code) in codes.enumerated() where code >= 0 {
            if let existing = slot[code] {
                groups[existing].samples.append(index)
            } else {
                slot[code] = groups.count
                groups.append((Int(code), [index]))
            }
        }
        return groups
    }
}

/// Result storage written from several threads at disjoint indices, then read once all writers
/// are done (concurrentPerform returns only then): no two threads touch the same element.
private final class SliceOutput: @unchecked Sendable {
    private let buffer: UnsafeMutableBufferPointer<Int32>

    init(count: Int) {
        buffer = .allocate(capacity: count)
        buffer.initialize(repeating: 0)
    }

    func store(_ value: Int32, at index: Int) { buffer[index] = value }

    func finish() -> [Int32] { Array(buffer) }

    deinit { buffer.deallocate() }
}
