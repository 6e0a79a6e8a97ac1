import Dispatch
import Testing
@testable import Tensor

/// Tests that change the process-wide thread count, one at a time (no other suite changes it).
@Suite(.serialized) struct ThreadingTests {
    @Test func setThreadsChangesTheKernelThreadCount() {
        let before = Tensor.threads
        Tensor.setThreads(1)
        #expect(Tensor.threads == 1)
        Tensor.setThreads(before)
        #expect(Tensor.threads == before)
    }

    @Test func largeProductsSplitOverThreadsGiveTheSameResult() {
        // 70·66·130 multiply-adds is above the split threshold; 70 rows split unevenly.
        let a = randomTensor([70, 130], seed: 40)
        let b = randomTensor([130, 66], seed: 41)
        let expected = Tensor(shape: [70, 66], data: naiveMatmul(a.data, b.data, m: 70, n: 66, k: 130))
        let before = Tensor.threads
        Tensor.setThreads(3)
        defer { Tensor.setThreads(before) }
        #expect(Tensor.matmul(a, b).maxAbsoluteDifference(expected) < 1e-4)
        #expect(Tensor.matmul(transposed(a), b, transposeA: true).maxAbsoluteDifference(expected) < 1e-4)
        #expect(Tensor.matmul(transposed(a), transposed(b), transposeA: true, transposeB: true).maxAbsoluteDifference(expected) < 1e-4)
    }

    @Test func largeElementwiseMapsSplitOverThreadsCoverEveryElement() {
        let x = Tensor(shape: [100_003], data: (0..<100_003).map { Float($0) })
        let before = Tensor.threads
        Tensor.setThreads(2)
        defer { Tensor.setThreads(before) }
        #expect(x.map { $0 + 1 }.data == (0..<100_003).map { Float($0 + 1) })
        #expect(x.zipMap(x, -).data.allSatisfy { $0 == 0 })
    }

    @Test func rowWiseKernelsSplitOverThreadsGiveTheOneThreadResult() {
        // 301 rows of 256 (above the split threshold, rows split unevenly): LayerNorm forward and
        // backward, row-vector adds and bias-gradient column sums.
        let x = randomTensor([301, 256], seed: 50)
        let dy = randomTensor([301, 256], seed: 51)
        let vector = randomTensor([256], seed: 52)
        func run() -> (Tensor, Tensor, Tensor, Tensor) {
            var norm = LayerNorm(256, affine: false, epsilon: 1e-6)
            let (y, cache) = norm(x)
            var shifted = x
            shifted.addRowVector(vector)
            var sums = Tensor(shape: [256])
            dy.accumulateColumnSums(into: &sums)
            return (y, norm.backward(cache: cache, outputGradient: dy), shifted, sums)
        }
        let one = withThreads(1, run)
        let two = withThreads(2, run)
        #expect(one.0 == two.0 && one.1 == two.1 && one.2 == two.2 && one.3 == two.3)
        // And the forward pass is a layer norm: every row has mean 0 and variance 1.
        for row in 0..<301 {
            let line = Array(two.0.data[(row * 256)..<((row + 1) * 256)])
            let mean = line.reduce(0, +) / 256
            let variance = line.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 256
            #expect(abs(mean) < 1e-5 && abs(variance - 1) < 1e-3)
        }
        #expect(zip(two.2.data, x.data).enumerated().allSatisfy { abs($0.element.0 - $0.element.1 - vector.data[$0.offset % 256]) < 1e-6 })
    }

    @Test func attentionSplitOverThreadsGivesTheOneThreadResult() {
        // 3 samples × 2 heads = 6 (sample, head) pairs split unevenly; 70 tokens span two query blocks.
        var generator = SeededGenerator(seed: 70)
        let layer = SelfAttention(8, heads: 2, using: &generator)
        let x = randomTensor([3, 70, 8], seed: 71)
        let dy = randomTensor([3, 70, 8], seed: 72)
        let mask = (0..<210).map { $0 % 9 != 4 }
        func run() -> (Tensor, Tensor, Tensor) {
            var copy = layer
            let (y, cache) = copy(x, keyMask: mask)
            let dx = copy.backward(cache: cache, outputGradient: dy)
            return (y, dx, copy.qkv.weightGradient)
        }
        let one = withThreads(1, run)
        let four = withThreads(4, run)
        #expect(one.0 == four.0 && one.1 == four.1 && one.2 == four.2)
    }
}

/// The worker pool behind `ParallelLoop`: every chunk runs exactly once, whoever runs it, also
/// when several threads start regions at once (all but one run theirs on their own thread) and
/// when a chunk starts a region itself (it runs inline).
@Suite struct WorkerPoolTests {
    @Test func everyChunkRunsExactlyOnce() throws {
        guard #available(macOS 15.0, *) else { return }
        for round in 0..<2_000 {
            let chunks = 1 + round % 7
            let counts = UnsafeMutablePointer<Int>.allocate(capacity: chunks)
            counts.initialize(repeating: 0, count: chunks)
            defer { counts.deallocate() }
            #expect(runWhenFree(chunks: chunks, workers: 3) { counts[$0] += 1 })
            #expect((0..<chunks).allSatisfy { counts[$0] == 1 }, "round \(round)")
        }
    }

    @Test func aWorkerRunsChunksBesideTheCaller() throws {
        guard #available(macOS 15.0, *) else { return }
        // Each of two chunks waits (up to 2 s) for the other to start: only two threads at once
        // get both past the wait. One success in ten rounds shows the pool runs chunks in parallel.
        var parallel = 0
        for _ in 0..<10 where parallel == 0 {
            let started = UnsafeMutablePointer<Int>.allocate(capacity: 2)
            started.initialize(repeating: 0, count: 2)
            let both = UnsafeMutablePointer<Bool>.allocate(capacity: 2)
            both.initialize(repeating: false, count: 2)
            let ran = runWhenFree(chunks: 2, workers: 1) { chunk in
                let flag = UnsafeMutableRawPointer(started + chunk)
                flag.storeBytes(of: 1, as: Int.self)
                let other = UnsafeRawPointer(started + 1 - chunk)
                let deadline = DispatchTime.now().uptimeNanoseconds + 2_000_000_000
                while DispatchTime.now().uptimeNanoseconds < deadline {
                    if other.load(as: Int.self) == 1 { both[chunk] = true; break }
                }
            }
            #expect(ran)
            if both[0] && both[1] { parallel += 1 }
            started.deallocate()
            both.deallocate()
        }
        #expect(parallel == 1)
    }

    /// Runs a region once the pool is free (other suites' kernels use it too), waiting up to 10 s.
    @available(macOS 15.0, *)
    func runWhenFree(chunks: Int, workers: Int, _ body: (Int) -> Void) -> Bool {
        let deadline = DispatchTime.now().uptimeNanoseconds + 10_000_000_000
        while DispatchTime.now().uptimeNanoseconds < deadline {
            if WorkerPool.shared.run(chunks: chunks, workers: workers, body) { return true }
        }
        return false
    }

    @Test func concurrentAndNestedLoopsCoverEveryIteration() {
        // ParallelLoop.ranges from four threads at once, each range starting a nested loop.
        let total = 4 * 300 * 50
        let hits = UnsafeMutablePointer<UInt8>.allocate(capacity: total)
        hits.initialize(repeating: 0, count: total)
        defer { hits.deallocate() }
        nonisolated(unsafe) let shared = hits
        DispatchQueue.concurrentPerform(iterations: 4) { caller in
            for round in 0..<300 {
                ParallelLoop.ranges(50) { outer in
                    ParallelLoop.ranges(outer.count) { inner in
                        for i in inner { shared[(caller * 300 + round) * 50 + outer.lowerBound + i] += 1 }
                    }
                }
            }
        }
        #expect((0..<total).allSatisfy { hits[$0] == 1 })
    }
}
