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
}
