import Foundation
import Testing
@testable import Tensor

@Suite struct KernelTests {
    @Test func matmulMatchesNaiveProductWithEveryTransposition() {
        let a = randomTensor([5, 7], seed: 1)
        let b = randomTensor([7, 3], seed: 2)
        let expected = Tensor(shape: [5, 3], data: naiveMatmul(a.data, b.data, m: 5, n: 3, k: 7))
        #expect(Tensor.matmul(a, b).maxAbsoluteDifference(expected) < 1e-5)
        #expect(Tensor.matmul(transposed(a), b, transposeA: true).maxAbsoluteDifference(expected) < 1e-5)
        #expect(Tensor.matmul(a, transposed(b), transposeB: true).maxAbsoluteDifference(expected) < 1e-5)
        #expect(Tensor.matmul(transposed(a), transposed(b), transposeA: true, transposeB: true)
            .maxAbsoluteDifference(expected) < 1e-5)
    }

    @Test func batchedMatmulMultipliesEachBatchEntryAndBroadcastsASharedMatrix() {
        let a = randomTensor([2, 3, 4, 5], seed: 3)
        let b = randomTensor([2, 3, 5, 6], seed: 4)
        let shared = randomTensor([5, 6], seed: 5)
        let product = Tensor.batchedMatmul(a, b)
        let broadcast = Tensor.batchedMatmul(a, shared)
        #expect(product.shape == [2, 3, 4, 6])
        for index in 0..<6 {
            let slice = Array(a.data[(index * 20)..<(index * 20 + 20)])
            let expected = naiveMatmul(slice, Array(b.data[(index * 30)..<(index * 30 + 30)]), m: 4, n: 6, k: 5)
            let got = Array(product.data[(index * 24)..<(index * 24 + 24)])
            #expect(zip(expected, got).allSatisfy { abs($0 - $1) < 1e-5 })
            let expectedShared = naiveMatmul(slice, shared.data, m: 4, n: 6, k: 5)
            let gotShared = Array(broadcast.data[(index * 24)..<(index * 24 + 24)])
            #expect(zip(expectedShared, gotShared).allSatisfy { abs($0 - $1) < 1e-5 })
        }
    }

    @Test func permuteMovesEveryElementToItsPermutedIndex() {
        let x = Tensor(shape: [2, 3, 4], data: (0..<24).map(Float.init))
        let y = x.permuted([2, 0, 1])
        #expect(y.shape == [4, 2, 3])
        for i in 0..<2 { for j in 0..<3 { for k in 0..<4 {
            #expect(y.data[(k * 2 + i) * 3 + j] == x.data[(i * 3 + j) * 4 + k])
        } } }
        #expect(y.permuted([1, 2, 0]) == x)
    }

    @Test func patchifyOrdersTokensByGridAndFeaturesByChannelThenPatch() {
        let grid = PatchGrid(channels: 2, frames: 2, height: 4, width: 6, patch: (t: 1, h: 2, w: 3))
        let x = Tensor(shape: [1, 2, 2, 4, 6], data: (0..<96).map(Float.init))
        let tokens = grid.patchify(x)
        #expect(tokens.shape == [1, 8, 12])
        // Token (t=1, h=1, w=0) = index (1·2 + 1)·2 + 0 = 6; feature (c=1, ph=1, pw=2) = 1·6 + 1·3 + 2 = 11.
        // Element: c=1, t=1, y=1·2+1=3, x=0·3+2=2 → ((1·2+1)·4+3)·6+2 = 92.
        #expect(tokens.data[6 * 12 + 11] == 92)
        #expect(grid.unpatchify(tokens) == x)
    }

    @Test func softmaxRowsSumToOneAndMaskedKeysGetZero() {
        let x = randomTensor([3, 5], seed: 6, std: 3)
        let p = x.softmax()
        for row in 0..<3 {
            let total = p.data[(row * 5)..<(row * 5 + 5)].reduce(0, +)
            #expect(abs(total - 1) < 1e-6)
        }
        var values = x.data
        let valid = [true, false, true, false, false]
        values.withUnsafeMutableBufferPointer { buffer in
            valid.withUnsafeBufferPointer { Softmax.rows(buffer.baseAddress!, rows: 3, n: 5, valid: $0.baseAddress) }
        }
        for row in 0..<3 {
            let line = Array(values[(row * 5)..<(row * 5 + 5)])
            #expect(line[1] == 0 && line[3] == 0 && line[4] == 0)
            let e0 = exp(Double(x.data[row * 5])), e2 = exp(Double(x.data[row * 5 + 2]))
            #expect(abs(Double(line[0]) - e0 / (e0 + e2)) < 1e-6)
        }
        var empty: [Float] = [1, 2]
        let none = [false, false]
        empty.withUnsafeMutableBufferPointer { b in none.withUnsafeBufferPointer { Softmax.rows(b.baseAddress!, rows: 1, n: 2, valid: $0.baseAddress) } }
        #expect(empty == [0, 0])
    }

    @Test func vectorMaximumIsTheLargestElement() {
        // Mixed signs, −∞ (a masked score), −0 and +0, lengths around the vector width.
        var generator = SeededGenerator(seed: 61)
        for n in 1...40 {
            var values = Tensor.normal(shape: [n], std: 50, using: &generator).data
            if n % 3 == 0 { values = values.map { -abs($0) } }
            if n % 4 == 0 { values[n / 2] = -.infinity }
            if n == 5 { values = [-0.0, -1, -.infinity, -3, -0.5] }
            if n == 6 { values = [-.infinity, -.infinity, -.infinity, -.infinity, -.infinity, -.infinity] }
            let maximum = values.withUnsafeBufferPointer { VectorReduce.max($0.baseAddress!, n) }
            #expect(maximum == values.max()!, "n = \(n)")
        }
    }

    @Test func attentionKernelMatchesNaiveAttention() {
        // Interleaved [q|k|v] rows, 70 queries (a full and a partial block), masked keys; every
        // probability and output against softmax(q·kᵀ/√d)·v computed in Double.
        let (batch, tokens, heads, headDim) = (2, 70, 2, 4)
        let model = heads * headDim
        let fused = randomTensor([batch, tokens, 3 * model], seed: 62, std: 2).data
        let mask = (0..<(batch * tokens)).map { $0 % 5 != 2 }
        let geometry = AttentionKernel.Geometry(batch: batch, queries: tokens, keys: tokens, heads: heads, headDim: headDim)
        var probabilities = [Float](repeating: .nan, count: batch * heads * tokens * tokens)
        var output = [Float](repeating: .nan, count: batch * tokens * model)
        fused.withUnsafeBufferPointer { f in
            let (base, row, sample) = (f.baseAddress!, 3 * model, tokens * 3 * model)
            AttentionKernel.forward(
                q: .init(base: base, rowStride: row, batchStride: sample),
                k: .init(base: base + model, rowStride: row, batchStride: sample),
                v: .init(base: base + 2 * model, rowStride: row, batchStride: sample),
                geometry: geometry, keyValid: mask, probabilities: &probabilities, output: &output)
        }
        var worst = 0.0
        for b in 0..<batch {
            for h in 0..<heads {
                for i in 0..<tokens {
                    func element(_ part: Int, _ token: Int, _ d: Int) -> Double {
                        Double(fused[(b * tokens + token) * 3 * model + part * model + h * headDim + d])
                    }
                    let scores = (0..<tokens).map { j in
                        mask[b * tokens + j] ? (0..<headDim).reduce(0.0) { $0 + element(0, i, $1) * element(1, j, $1) } / Double(headDim).squareRoot() : -Double.infinity
                    }
                    let top = scores.max()!
                    let weights = scores.map { Foundation.exp($0 - top) }
                    let total = weights.reduce(0, +)
                    for j in 0..<tokens {
                        let p = probabilities[((b * heads + h) * tokens + i) * tokens + j]
                        worst = max(worst, abs(Double(p) - weights[j] / total))
                    }
                    for d in 0..<headDim {
                        let expected = (0..<tokens).reduce(0.0) { $0 + weights[$1] / total * element(2, $1, d) }
                        worst = max(worst, abs(Double(output[(b * tokens + i) * model + h * headDim + d]) - expected))
                    }
                }
            }
        }
        #expect(worst < 1e-5)
    }

    @Test func fastMathMatchesLibmClosely() {
        var worstExp = 0.0, worstTanh = 0.0
        for i in -8000...8000 {
            let x = Float(i) / 100
            worstExp = max(worstExp, abs(Double(FastMath.exp(x)) / exp(Double(x)) - 1))
            worstTanh = max(worstTanh, abs(Double(FastMath.tanh(x)) - tanh(Double(x))))
        }
        #expect(worstExp < 5e-7)
        #expect(worstTanh < 3e-7)
    }

    @Test func geluIsPyTorchsTanhApproximationAndSiluIsXSigmoid() {
        let x = Tensor(shape: [7], data: [-4, -1.5, -0.3, 0, 0.2, 1, 3.5])
        let gelu = Activation.gelu(x)
        let silu = Activation.silu(x)
        for (i, v) in x.data.enumerated() {
            let d = Double(v)
            let reference = 0.5 * d * (1 + tanh((2 / Double.pi).squareRoot() * (d + 0.044715 * d * d * d)))
            #expect(abs(Double(gelu.data[i]) - reference) < 1e-6)
            #expect(abs(Double(silu.data[i]) - d / (1 + exp(-d))) < 1e-6)
        }
    }

    @Test func activationAndSoftmaxBackwardsMatchFiniteDifferences() {
        let x = randomTensor([4, 6], seed: 7, std: 2)
        let weights = randomTensor([4, 6], seed: 8)
        expectGradient("gelu", value: x, analytic: Activation.geluBackward(input: x, outputGradient: weights)) {
            GradientCheck.weightedSum(Activation.gelu($0), weights: weights)
        }
        expectGradient("silu", value: x, analytic: Activation.siluBackward(input: x, outputGradient: weights)) {
            GradientCheck.weightedSum(Activation.silu($0), weights: weights)
        }
        expectGradient("softmax", value: x, analytic: x.softmax().softmaxBackward(outputGradient: weights)) {
            GradientCheck.weightedSum($0.softmax(), weights: weights)
        }
    }

    @Test func reductionsAndBroadcastsAgreeWithLoops() {
        let x = randomTensor([3, 4], seed: 9)
        var target = Tensor(shape: [4], repeating: 1)
        x.accumulateColumnSums(into: &target)
        for j in 0..<4 {
            let column = (0..<3).map { x.data[$0 * 4 + j] }.reduce(0, +)
            #expect(abs(target.data[j] - 1 - column) < 1e-6)
        }
        var y = x
        y.addRowVector(Tensor(shape: [4], data: [1, 2, 3, 4]))
        #expect(y.data[5] == x.data[5] + 2)
        #expect(abs(x.sum() - x.data.map(Double.init).reduce(0, +)) < 1e-5)
    }
}
