import Testing
@testable import Tensor

/// Rotary positions: an orthogonal turn whose scores depend on position differences only, and
/// the self-attention's backward pass through it.
@Suite struct RotaryEmbeddingTests {
    /// Tokens 0–4 at (t, y, x) positions of a 1×? grid, with a text token at the origin first.
    private static let positions = [[0, 0, 0], [0, 0, 1], [0, 1, 0], [1, 0, 1], [1, 1, 1]]

    @Test func theInverseTurnUndoesTheTurn() {
        let rotary = RotaryEmbedding(positions: Self.positions, axesDim: [2, 2, 4], theta: 10_000)
        let x = randomTensor([2, 5, 16], seed: 50)
        var turned = x
        turned.data.withUnsafeMutableBufferPointer { rotary.rotate($0.baseAddress!, batch: 2, rowStride: 16, heads: 2) }
        #expect(turned.maxAbsoluteDifference(x) > 0.1)
        turned.data.withUnsafeMutableBufferPointer { rotary.rotate($0.baseAddress!, batch: 2, rowStride: 16, heads: 2, inverse: true) }
        #expect(turned.maxAbsoluteDifference(x) < 1e-5)
    }

    @Test func theOriginDoesNotTurn() {
        let rotary = RotaryEmbedding(positions: [[0, 0, 0]], axesDim: [2, 4, 2], theta: 100)
        let x = randomTensor([1, 1, 8], seed: 51)
        var turned = x
        turned.data.withUnsafeMutableBufferPointer { rotary.rotate($0.baseAddress!, batch: 1, rowStride: 8, heads: 1) }
        #expect(turned.maxAbsoluteDifference(x) == 0)
    }

    /// q at p and k at p′ score the same as q at p + δ and k at p′ + δ, on every axis.
    @Test(arguments: [[1, 0, 0], [0, 2, 0], [0, 0, 3], [2, 1, 5]]) func scoresDependOnPositionDifferencesOnly(shift: [Int]) {
        let q = randomTensor([8], seed: 52), k = randomTensor([8], seed: 53)
        func score(_ p: [Int], _ pk: [Int]) -> Float {
            let rotary = RotaryEmbedding(positions: [p, pk], axesDim: [2, 2, 4], theta: 50)
            var pair = q.data + k.data
            pair.withUnsafeMutableBufferPointer { rotary.rotate($0.baseAddress!, batch: 1, rowStride: 8, heads: 1) }
            return (0..<8).reduce(0) { $0 + pair[$1] * pair[8 + $1] }
        }
        let (p, pk) = ([1, 2, 0], [0, 4, 3])
        let moved = score(zip(p, shift).map(+), zip(pk, shift).map(+))
        #expect(abs(score(p, pk) - moved) < 1e-4)
        #expect(abs(score(p, pk) - score(p, p)) > 1e-3, "different positions should score differently")
    }

    @Test func selfAttentionGradientsThroughTheTurn() {
        var generator = SeededGenerator(seed: 54)
        var layer = SelfAttention(16, heads: 2, using: &generator)
        let rotary = RotaryEmbedding(positions: Self.positions, axesDim: [2, 2, 4], theta: 10_000)
        let x = randomTensor([2, 5, 16], seed: 55)
        let weights = randomTensor([2, 5, 16], seed: 56)
        let mask = [false, true, true, true, true, true, true, false, true, true]
        let (_, cache) = layer(x, keyMask: mask, rotary: rotary)
        let dx = layer.backward(cache: cache, outputGradient: weights)
        let frozen = layer
        expectGradient("x", value: x, analytic: dx) {
            GradientCheck.weightedSum(frozen($0, keyMask: mask, rotary: rotary).0, weights: weights)
        }
        expectLayerParameterGradients(layer, frozen: frozen) { probe in
            GradientCheck.weightedSum(probe(x, keyMask: mask, rotary: rotary).0, weights: weights)
        }
        // The turn changes what the layer computes.
        #expect(frozen(x, keyMask: mask, rotary: rotary).0.maxAbsoluteDifference(frozen(x, keyMask: mask).0) > 1e-3)
    }
}
