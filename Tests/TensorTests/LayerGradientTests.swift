import Testing
@testable import Tensor

/// Every layer's backward pass against central differences of a random weighted sum of its output.
@Suite struct LayerGradientTests {
    @Test func linear() {
        var generator = SeededGenerator(seed: 10)
        var layer = Linear(5, 4, using: &generator)
        layer.bias = randomTensor([4], seed: 11)
        let x = randomTensor([2, 3, 5], seed: 12)
        let weights = randomTensor([2, 3, 4], seed: 13)
        let dx = layer.backward(input: x, outputGradient: weights)
        let frozen = layer
        expectGradient("x", value: x, analytic: dx) { GradientCheck.weightedSum(frozen($0), weights: weights) }
        expectGradient("weight", value: layer.weight, analytic: layer.weightGradient) {
            var probe = frozen
            probe.weight = $0
            return GradientCheck.weightedSum(probe(x), weights: weights)
        }
        expectGradient("bias", value: layer.bias!, analytic: layer.biasGradient!) {
            var probe = frozen
            probe.bias = $0
            return GradientCheck.weightedSum(probe(x), weights: weights)
        }
        #expect(layer.parameterNames == ["weight", "bias"])
    }

    @Test(arguments: [true, false]) func layerNorm(affine: Bool) {
        var layer = LayerNorm(6, affine: affine, epsilon: 1e-6)
        if affine {
            layer.weight = randomTensor([6], seed: 14)
            layer.bias = randomTensor([6], seed: 15)
        }
        let x = randomTensor([3, 6], seed: 16, std: 2)
        let weights = randomTensor([3, 6], seed: 17)
        let (_, cache) = layer(x)
        let dx = layer.backward(cache: cache, outputGradient: weights)
        let frozen = layer
        expectGradient("x", value: x, analytic: dx) { GradientCheck.weightedSum(frozen($0).0, weights: weights) }
        #expect(layer.parameterNames == (affine ? ["weight", "bias"] : []))
        if affine {
            expectGradient("weight", value: layer.weight!, analytic: layer.weightGradient!) {
                var probe = frozen
                probe.weight = $0
                return GradientCheck.weightedSum(probe(x).0, weights: weights)
            }
            expectGradient("bias", value: layer.bias!, analytic: layer.biasGradient!) {
                var probe = frozen
                probe.bias = $0
                return GradientCheck.weightedSum(probe(x).0, weights: weights)
            }
        }
    }

    @Test func layerNormNormalisesEachRow() {
        let (y, _) = LayerNorm(8, affine: false)(randomTensor([4, 8], seed: 18, std: 5))
        for row in 0..<4 {
            let line = y.data[(row * 8)..<(row * 8 + 8)].map(Double.init)
            let mean = line.reduce(0, +) / 8
            let variance = line.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 8
            #expect(abs(mean) < 1e-6 && abs(variance - 1) < 1e-4)
        }
    }

    @Test func mlp() {
        var generator = SeededGenerator(seed: 19)
        var layer = MLP(4, hidden: 8, using: &generator)
        let x = randomTensor([5, 4], seed: 20)
        let weights = randomTensor([5, 4], seed: 21)
        let (_, cache) = layer(x)
        let dx = layer.backward(cache: cache, outputGradient: weights)
        let frozen = layer
        expectGradient("x", value: x, analytic: dx) { GradientCheck.weightedSum(frozen($0).0, weights: weights) }
        expectLayerParameterGradients(layer, frozen: frozen) { probe in GradientCheck.weightedSum(probe(x).0, weights: weights) }
        #expect(layer.parameterNames == ["fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"])
    }

    @Test(arguments: [false, true]) func selfAttention(masked: Bool) {
        var generator = SeededGenerator(seed: 22)
        var layer = SelfAttention(8, heads: 2, using: &generator)
        let x = randomTensor([2, 5, 8], seed: 23)
        let weights = randomTensor([2, 5, 8], seed: 24)
        let mask: [Bool]? = masked ? [true, true, false, true, false, true, true, true, true, true] : nil
        let (_, cache) = layer(x, keyMask: mask)
        let dx = layer.backward(cache: cache, outputGradient: weights)
        let frozen = layer
        expectGradient("x", value: x, analytic: dx) { GradientCheck.weightedSum(frozen($0, keyMask: mask).0, weights: weights) }
        expectLayerParameterGradients(layer, frozen: frozen) { probe in
            GradientCheck.weightedSum(probe(x, keyMask: mask).0, weights: weights)
        }
    }

    @Test func selfAttentionOverSeveralQueryBlocks() {
        // 70 tokens: one full block of 64 queries and a partial one, so dK and dV accumulate.
        var generator = SeededGenerator(seed: 39)
        var layer = SelfAttention(8, heads: 2, using: &generator)
        let x = randomTensor([1, 70, 8], seed: 40)
        let weights = randomTensor([1, 70, 8], seed: 41)
        let mask = (0..<70).map { $0 % 7 != 3 }
        let (_, cache) = layer(x, keyMask: mask)
        let dx = layer.backward(cache: cache, outputGradient: weights)
        let frozen = layer
        expectGradient("x", value: x, analytic: dx) { GradientCheck.weightedSum(frozen($0, keyMask: mask).0, weights: weights) }
        expectLayerParameterGradients(layer, frozen: frozen) { probe in
            GradientCheck.weightedSum(probe(x, keyMask: mask).0, weights: weights)
        }
    }

    @Test func maskedKeysDoNotInfluenceTheOutput() {
        var generator = SeededGenerator(seed: 25)
        let layer = SelfAttention(8, heads: 2, using: &generator)
        var x = randomTensor([1, 4, 8], seed: 26)
        let mask = [true, true, true, false]
        let (before, _) = layer(x, keyMask: mask)
        for j in 0..<8 { x.data[3 * 8 + j] += 5 }
        let (after, _) = layer(x, keyMask: mask)
        // Rows 0–2 only read keys 0–2, which did not change.
        #expect(Tensor(shape: [24], data: Array(before.data[0..<24]))
            .maxAbsoluteDifference(Tensor(shape: [24], data: Array(after.data[0..<24]))) < 1e-6)
    }

    @Test func crossAttentionWithContextMask() {
        var generator = SeededGenerator(seed: 27)
        var layer = CrossAttention(8, contextFeatures: 6, heads: 4, using: &generator)
        let x = randomTensor([2, 3, 8], seed: 28)
        let context = randomTensor([2, 4, 6], seed: 29)
        let mask = [true, true, false, false, true, true, true, false]
        let weights = randomTensor([2, 3, 8], seed: 30)
        let (_, cache) = layer(x, context: context, contextMask: mask)
        let (dx, dContext) = layer.backward(cache: cache, outputGradient: weights)
        let frozen = layer
        expectGradient("x", value: x, analytic: dx) {
            GradientCheck.weightedSum(frozen($0, context: context, contextMask: mask).0, weights: weights)
        }
        expectGradient("context", value: context, analytic: dContext) {
            GradientCheck.weightedSum(frozen(x, context: $0, contextMask: mask).0, weights: weights)
        }
        expectLayerParameterGradients(layer, frozen: frozen) { probe in
            GradientCheck.weightedSum(probe(x, context: context, contextMask: mask).0, weights: weights)
        }
        #expect(layer.parameterNames.first == "q_linear.weight")
    }

    @Test func patchEmbed() {
        var generator = SeededGenerator(seed: 31)
        var layer = PatchEmbed(channels: 2, patch: (t: 1, h: 2, w: 2), features: 5, using: &generator)
        let x = randomTensor([2, 2, 2, 4, 4], seed: 32)
        let weights = randomTensor([2, 8, 5], seed: 33)
        let (y, cache) = layer(x)
        #expect(y.shape == [2, 8, 5])
        let dx = layer.backward(cache: cache, outputGradient: weights)
        let frozen = layer
        expectGradient("x", value: x, analytic: dx) { GradientCheck.weightedSum(frozen($0).0, weights: weights) }
        expectLayerParameterGradients(layer, frozen: frozen) { probe in GradientCheck.weightedSum(probe(x).0, weights: weights) }
    }

    @Test func embeddingScatterAddsRepeatedIds() {
        var generator = SeededGenerator(seed: 34)
        var table = Embedding(count: 5, features: 3, using: &generator)
        let ids = [1, 4, 1]
        let weights = randomTensor([3, 3], seed: 35)
        #expect(table(ids).data[0..<3] == table.weight.data[3..<6])
        table.backward(ids: ids, outputGradient: weights)
        let frozen = table
        expectLayerParameterGradients(table, frozen: frozen) { probe in GradientCheck.weightedSum(probe(ids), weights: weights) }
    }

    @Test func parameterListReadsWritesAndZeroesInOrder() {
        var generator = SeededGenerator(seed: 36)
        var layer = MLP(3, hidden: 4, using: &generator)
        var values = layer.parameters
        #expect(values.map(\.shape) == [[4, 3], [4], [3, 4], [3]])
        values[1] = Tensor(shape: [4], repeating: 7)
        layer.parameters = values
        #expect(layer.fc1.bias == Tensor(shape: [4], repeating: 7))
        #expect(layer.parameterCount == 12 + 4 + 12 + 3)
        let (_, cache) = layer(randomTensor([2, 3], seed: 37))
        _ = layer.backward(cache: cache, outputGradient: randomTensor([2, 3], seed: 38))
        #expect(layer.gradients.contains { $0.data.contains { $0 != 0 } })
        layer.zeroGradients()
        #expect(layer.gradients.allSatisfy { $0.data.allSatisfy { $0 == 0 } })
    }
}

/// Checks every parameter gradient of `layer` (after its backward pass) against finite differences
/// of `loss` evaluated on a copy of `frozen` with that one parameter replaced.
func expectLayerParameterGradients<L: Layer>(
    _ layer: L, frozen: L, sourceLocation: SourceLocation = #_sourceLocation, loss: (L) -> Double
) {
    let names = layer.parameterNames
    let values = layer.parameters
    let gradients = layer.gradients
    for index in names.indices {
        expectGradient(names[index], value: values[index], analytic: gradients[index], loss: { candidate in
            var probe = frozen
            var list = values
            list[index] = candidate
            probe.parameters = list
            return loss(probe)
        }, sourceLocation: sourceLocation)
    }
}
