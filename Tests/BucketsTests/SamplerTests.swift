import Foundation
import Testing
@testable import Buckets

/// Invariants of the variable-shape batch sampler over a synthetic table.
struct SamplerTests {
    static let config = """
    dataset: {fps_max: 24}
    bucket_config:
      256px: {1: !!python/tuple [1.0, 8], 17: !!python/tuple [0.7, 3], 33: !!python/tuple [!!python/tuple [0.9, 0.3], 2]}
      512px: {1: !!python/tuple [0.5, 4], 33: !!python/tuple [0.6, 2]}
    """

    /// A deterministic table: images and videos of assorted sizes, lengths and rates.
    static func samples(_ count: Int) -> [SampleShape] {
        var rng = NumpyRandom(seed: 99)
        let sizes = [(256, 256), (720, 1280), (1080, 1920), (480, 640), (600, 600), (1920, 1080), (200, 200)]
        return (0..<count).map { _ in
            let size = sizes[Int(rng.nextInterval(UInt64(sizes.count - 1)))]
            if rng.nextDouble() < 0.3 { return SampleShape(frames: 1, height: size.0, width: size.1, fps: .nan) }
            return SampleShape(frames: 1 + Int(rng.nextInterval(120)), height: size.0, width: size.1,
                               fps: [24.0, 30, 60][Int(rng.nextInterval(2))])
        }
    }

    static func samplers(replicas: Int, rows: Int = 3000, dropLast: Bool = true) throws -> [VariableBatchSampler] {
        let bucket = try bucket(config)
        let data = samples(rows)
        return try (0..<replicas).map {
            try VariableBatchSampler(bucket: bucket, samples: data, seed: 7, numReplicas: replicas, rank: $0, dropLast: dropLast, workers: 2)
        }
    }

    @Test(arguments: [1, 3, 4])
    func ranksAreDisjointAndSeeEverySampleAtMostOnce(replicas: Int) throws {
        let ranks = try Self.samplers(replicas: replicas)
        for epoch in 0..<3 {
            let steps = ranks[0].stepsInEpoch(epoch)
            #expect(steps > 0)
            var seen = Set<Int>()
            var total = 0
            for sampler in ranks {
                #expect(sampler.stepsInEpoch(epoch) == steps)
                let batches = Array(sampler.batches(epoch: epoch))
                #expect(batches.count == steps, "count per epoch matches what is yielded")
                for batch in batches {
                    let key = sampler.bucket.key(flatID: Int(sampler.plan(epoch: epoch).assignment.codes[batch[0].index]))
                    #expect(batch.count == sampler.bucket.batchSize(of: key))
                    let shape = sampler.bucket.shape(of: key)
                    for request in batch {
                        #expect(request.frames == shape.frames && request.height == shape.height && request.width == shape.width)
                        // Every sample in a batch was assigned to that batch's bucket this epoch.
                        #expect(sampler.plan(epoch: epoch).assignment.codes[request.index] == Int32(sampler.bucket.flatID(key)))
                        seen.insert(request.index)
                        total += 1
                    }
                }
            }
            #expect(seen.count == total, "no sample twice in epoch \(epoch) across \(replicas) ranks")
        }
    }

    @Test func epochsRedrawAndReshuffle() throws {
        let sampler = try Self.samplers(replicas: 1)[0]
        let first = Array(sampler.batches(epoch: 0))
        let second = Array(sampler.batches(epoch: 1))
        #expect(first != second)
        #expect(Array(sampler.batches(epoch: 0)) == first, "an epoch replays identically")
        let copy = try Self.samplers(replicas: 1)[0]
        #expect(Array(copy.batches(epoch: 1)) == second, "a fresh sampler makes the same plan")
    }

    @Test(arguments: [0, 1, 5])
    func resumeContinuesWithTheNextUnseenBatch(completed: Int) throws {
        let ranks = try Self.samplers(replicas: 2)
        for sampler in ranks {
            let full = Array(sampler.batches(epoch: 2))
            let state = sampler.state(epoch: 2, completedSteps: completed)
            let encoded = try JSONEncoder().encode(state)
            var resumed = try Self.samplers(replicas: 2)[sampler.rank]
            try resumed.restore(try JSONDecoder().decode(SamplerState.self, from: encoded))
            #expect(resumed.startStep(epoch: 2) == completed)
            #expect(Array(resumed.batches(epoch: 2)) == Array(full[completed...]))
            #expect(Array(resumed.batches(epoch: 3)) == Array(sampler.batches(epoch: 3)), "the next epoch starts at 0")
        }
    }

    @Test func restoreRefusesAnotherDataset() throws {
        let sampler = try Self.samplers(replicas: 1)[0]
        var other = try Self.samplers(replicas: 1, rows: 2999)[0]
        #expect(throws: SamplerError.self) { try other.restore(sampler.state(epoch: 0, completedSteps: 1)) }
        #expect(throws: SamplerError.self) { try VariableBatchSampler(bucket: sampler.bucket, samples: [], seed: 0, numReplicas: 2, rank: 2) }
    }

    @Test func paddingGivesEveryBucketFullBatches() throws {
        let ranks = try Self.samplers(replicas: 3, rows: 500, dropLast: false)
        let plan = ranks[0].plan(epoch: 0)
        #expect(plan.buckets.allSatisfy { $0.samples.count % $0.batchSize == 0 && $0.batches >= 1 })
        #expect(plan.accessBucket.count % 3 == 0)
        for sampler in ranks {
            #expect(Array(sampler.batches(epoch: 0)).count == plan.steps)
            for batch in sampler.batches(epoch: 0) { #expect(!batch.isEmpty) }
        }
    }

    @Test func warnsWhenBucketsYieldNoBatchOrTooFewForTheRanks() throws {
        let bucket = try bucket("bucket_config: {256px: {1: !!python/tuple [1.0, 4], 17: !!python/tuple [1.0, 50]}}")
        let data = (0..<12).map { SampleShape(frames: $0 < 8 ? 1 : 30, height: 256, width: 256, fps: .nan) }
        let sampler = try VariableBatchSampler(bucket: bucket, samples: data, seed: 0, numReplicas: 4, rank: 0)
        let plan = sampler.plan(epoch: 0)
        #expect(plan.totalBatches == 2)
        #expect(plan.steps == 0)
        #expect(Array(sampler.batches(epoch: 0)).isEmpty)
        #expect(plan.warnings.contains { $0.contains("holds 4 sample(s) but its batch size is 50") })
        #expect(plan.warnings.contains { $0.contains("only 2 batch(es) for 4 ranks") })
    }

    @Test func shufflesFollowNumpyGeneratorShuffle() throws {
        // One bucket, batch size 1, one rank: the bucket list is shuffled with default_rng(seed +
        // epoch), then the access order (all the same bucket) with the same generator.
        let bucket = try bucket("bucket_config: {256px: {1: !!python/tuple [1.0, 1]}}")
        let data = Array(repeating: SampleShape(frames: 1, height: 256, width: 256, fps: .nan), count: 10)
        let sampler = try VariableBatchSampler(bucket: bucket, samples: data, seed: 0, numReplicas: 1, rank: 0)
        // numpy: np.random.default_rng(0).permutation(10) (vectors file, line "P 0 10").
        let line = numpyRNGVectors.split(separator: "\n").first { $0.hasPrefix("P 0 10 ") }!
        let expected = line.split(separator: " ").dropFirst(3).map { Int($0)! }
        #expect(sampler.batches(epoch: 0).map { $0[0].index } == expected)
    }
}
