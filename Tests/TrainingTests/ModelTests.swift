import Tensor
import Testing
@testable import Training

@Suite struct ModelTests {
    @Test(arguments: [
        (TextConditioning.adalnZero, false), (.crossAttention, false), (.inContext, false), (.adalnZero, true),
    ])
    func backwardMatchesFiniteDifferencesForEveryParameter(conditioning: TextConditioning, condEmbed: Bool) {
        expectModelGradients(tinyConfiguration(conditioning, condEmbed: condEmbed), condEmbed: condEmbed)
    }

    /// Rotary positions (`axes_dim`) instead of added sin-cos ones, with text in front or pooled.
    @Test(arguments: [TextConditioning.inContext, .adalnZero, .crossAttention])
    func rotaryBackwardMatchesFiniteDifferences(conditioning: TextConditioning) {
        expectModelGradients(tinyRotaryConfiguration(conditioning), condEmbed: false)
    }

    /// Token text plus the pooled caption in the timestep vector (`pooled_text`).
    @Test(arguments: [TextConditioning.inContext, .crossAttention])
    func pooledTextBackwardMatchesFiniteDifferences(conditioning: TextConditioning) {
        var configuration = tinyConfiguration(conditioning)
        configuration.pooledText = true
        expectModelGradients(configuration, condEmbed: false)
        #expect(DiT(configuration, seed: 1).parameterNames.contains { $0.hasPrefix("vector_in.") })
    }

    @Test func rotaryPositionsReachTheOutput() {
        var model = DiT(tinyRotaryConfiguration(.inContext), seed: 1)
        randomizeParameters(&model, seed: 2)
        var plain = model.configuration
        plain.axesDim = nil
        var sinCos = DiT(plain, seed: 1)
        sinCos.parameters = model.parameters
        #expect(model(tinyInput()).0.maxAbsoluteDifference(sinCos(tinyInput()).0) > 1e-3)
    }

    private func expectModelGradients(_ configuration: DiTConfiguration, condEmbed: Bool) {
        let conditioning = configuration.textConditioning
        var model = DiT(configuration, seed: 1)
        randomizeParameters(&model, seed: 2)
        let input = tinyInput(condEmbed: condEmbed)
        let weights = normalTensor(input.latent.shape, seed: 3)
        let (output, cache) = model(input)
        #expect(output.shape == input.latent.shape)
        model.backward(cache: cache, outputGradient: weights)
        let frozen = model
        let values = model.parameters
        let gradients = model.gradients
        var worst = 0.0
        for (index, name) in model.parameterNames.enumerated() {
            let indices = GradientCheck.sampleIndices(count: values[index].count, limit: 12, seed: UInt64(index))
            let numeric = GradientCheck.numericGradient(of: values[index], at: indices, step: modelFiniteDifferenceStep) { candidate in
                var probe = frozen
                var list = values
                list[index] = candidate
                probe.parameters = list
                return GradientCheck.weightedSum(probe(input).0, weights: weights)
            }
            let error = GradientCheck.relativeError(analytic: gradients[index], numeric: numeric, at: indices)
            worst = max(worst, error)
            #expect(error < modelGradientTolerance, "\(conditioning) \(name): relative error \(error)")
        }
        #expect(worst.isFinite)
    }

    @Test func freshModelPredictsZeroAndIgnoresTheConditionUntilTrained() {
        let model = DiT(tinyConfiguration(.adalnZero, condEmbed: true), seed: 4)
        var input = tinyInput(condEmbed: true)
        let (output, _) = model(input)
        #expect(output.data.allSatisfy { $0 == 0 })
        // The zero condition embedding makes a fresh i2v model equal to its t2v weights.
        var trained = model
        randomizeParameters(&trained, seed: 5)
        var values = trained.parameters
        for (index, name) in trained.parameterNames.enumerated() where name.hasPrefix("cond_embedder") {
            values[index].zero()
        }
        trained.parameters = values
        let (withCondition, _) = trained(input)
        input.condition = nil
        let (withoutCondition, _) = trained(input)
        #expect(withCondition == withoutCondition)
    }

    @Test func initialisationIsDeterministicPerSeed() {
        let configuration = tinyConfiguration(.crossAttention)
        #expect(DiT(configuration, seed: 7).parameters == DiT(configuration, seed: 7).parameters)
        #expect(DiT(configuration, seed: 7).parameters != DiT(configuration, seed: 8).parameters)
    }

    @Test func parameterCountMatchesTheArchitecture() {
        // The demo model of configs/train/image.yaml: hidden 64, depth 2, 4 heads, patch (1, 4, 4), 3 channels.
        let d = 64, text = 64, frequency = 256, patch = 3 * 16
        func linear(_ i: Int, _ o: Int) -> Int { i * o + o }
        let block = linear(d, 3 * d) + linear(d, d) + linear(d, 4 * d) + linear(4 * d, d) + linear(d, 6 * d)
        let shared = linear(patch, d) + linear(frequency, d) + linear(d, d) + linear(text, d) + linear(d, d)
            + linear(d, 2 * d) + linear(d, patch)
        let configuration = DiTConfiguration(
            inChannels: 3, patchSize: PatchSize(t: 1, h: 4, w: 4), hiddenSize: d, depth: 2, numHeads: 4, textDim: text)
        #expect(DiT(configuration, seed: 0).parameterCount == shared + 2 * block)
        var cross = configuration
        cross.textConditioning = .crossAttention
        #expect(DiT(cross, seed: 0).parameterCount == shared + 2 * (block + linear(d, d) + linear(d, 2 * d) + linear(d, d)))
        var i2v = configuration
        i2v.condEmbed = true
        #expect(DiT(i2v, seed: 0).parameterCount == shared + 2 * block + linear(4 * 16, d))
    }

    @Test func parameterNamesAreUniqueDottedPaths() {
        let names = DiT(tinyConfiguration(.crossAttention, condEmbed: true), seed: 0).parameterNames
        #expect(Set(names).count == names.count)
        #expect(names.first == "x_embedder.proj.weight")
        #expect(names.contains("blocks.1.cross_attn.kv_linear.weight"))
        #expect(names.contains("cond_embedder.proj.weight"))
        #expect(names.last == "final_layer.linear.bias")
    }

    @Test func configurationProblemsNameTheKey() {
        var configuration = tinyConfiguration(.adalnZero)
        #expect(configuration.problems().isEmpty)
        configuration.numHeads = 3
        configuration.patchSize = PatchSize(t: 0, h: 2, w: 2)
        #expect(configuration.problems().map(\.key) == ["patch_size", "hidden_size"])
        var rotary = tinyRotaryConfiguration(.inContext)
        #expect(rotary.problems().isEmpty)
        rotary.axesDim = [2, 2, 4]
        #expect(rotary.problems().map(\.message) == ["the widths add up to 8 but a head has hidden_size / num_heads = 6 features"])
        rotary.axesDim = [1, 3, 2]
        #expect(rotary.problems().map(\.key) == ["axes_dim"])
        #expect(tinyConfiguration(.adalnZero).latentProblem([2, 1, 5, 4]) != nil)
        #expect(tinyConfiguration(.adalnZero).latentProblem([3, 1, 4, 4]) != nil)
        #expect(tinyConfiguration(.adalnZero).latentProblem([2, 3, 4, 4]) == nil)
    }
}
