import Tensor
import Testing
@testable import Training

/// The x₀ prediction (`prediction: x0`) and patch masking (`patch_mask_ratio`).
@Suite struct PredictionTests {
    private let x0Flow = RectifiedFlow(prediction: .x0)

    @Test func theVelocityOfTheTrueCleanLatentIsTheTrainingTarget() {
        let x0 = normalTensor([3, 2, 1, 2, 2], seed: 1)
        let noise = normalTensor([3, 2, 1, 2, 2], seed: 2)
        let t: [Float] = [0.9, 0.4, 0.06]
        let latent = x0Flow.noised(data: x0, noise: noise, timesteps: t)
        let velocity = x0Flow.velocity(fromOutput: x0, latent: latent, timesteps: t)
        #expect(velocity.maxAbsoluteDifference(x0Flow.velocity(data: x0, noise: noise)) < 1e-4)
        // The velocity model's output is the velocity itself.
        #expect(RectifiedFlow().velocity(fromOutput: x0, latent: latent, timesteps: t) == x0)
    }

    @Test func theCleanLatentWeightingIsTheSquaredErrorOfTheImpliedCleanLatent() {
        let x0 = normalTensor([3, 2, 2, 2, 2], seed: 7)
        let predicted = normalTensor([3, 2, 2, 2, 2], seed: 8)
        let noise = normalTensor([3, 2, 2, 2, 2], seed: 9)
        let t: [Float] = [0.95, 0.5, 0.1]
        let latent = x0Flow.noised(data: x0, noise: noise, timesteps: t)
        let velocity = x0Flow.velocity(fromOutput: predicted, latent: latent, timesteps: t)
        let target = x0Flow.velocity(data: x0, noise: noise)
        let weights = LossWeighting.x0.sampleWeights(timesteps: t, flow: x0Flow)
        let weighted = FlowLoss.meanSquaredError(prediction: velocity, target: target, sampleWeights: weights)
        let direct = FlowLoss.meanSquaredError(prediction: predicted, target: x0)
        #expect(abs(weighted.loss - direct.loss) < 1e-4 * direct.loss)
        // Velocity weighting leaves the samples alike: x₀'s error counts 1/n(t)² as much.
        #expect(LossWeighting.velocity.sampleWeights(timesteps: t, flow: x0Flow) == nil)
        let plain = FlowLoss.meanSquaredError(prediction: velocity, target: target)
        #expect(plain.loss > 5 * direct.loss)
        // A floor keeps the low-noise end from vanishing; 1 is the velocity loss again.
        let floored = LossWeighting.x0.sampleWeights(timesteps: t, flow: x0Flow, floor: 0.04)!
        #expect(floored[0] == weights![0] && floored[1] == weights![1] && floored[2] == 0.04)
        #expect(LossWeighting.x0.sampleWeights(timesteps: t, flow: x0Flow, floor: 1) == [1, 1, 1])
        // The gradient is scaled per sample, as the loss.
        let sampleSize = x0.count / 3
        for b in 0..<3 {
            let i = b * sampleSize + 5
            #expect(abs(weighted.gradient.data[i] - weights![b] * plain.gradient.data[i]) < 1e-6)
        }
    }

    @Test func nearTheDataEndTheNoiseLevelIsClipped() {
        let output = Tensor(shape: [1, 1, 1, 1, 1], data: [0.5])
        let latent = Tensor(shape: [1, 1, 1, 1, 1], data: [1])
        let velocity = x0Flow.velocity(fromOutput: output, latent: latent, timesteps: [0.001])
        #expect(abs(velocity.data[0] - (1 - 1e-5 - 0.5) / RectifiedFlow.smallestNoiseLevel) < 1e-4)
    }

    @Test func outputGradientIsTheChainRuleThroughTheVelocity() {
        let output = normalTensor([2, 1, 2, 2, 2], seed: 3)
        let latent = normalTensor([2, 1, 2, 2, 2], seed: 4)
        let weights = normalTensor([2, 1, 2, 2, 2], seed: 5)
        let t: [Float] = [0.7, 0.02]
        let analytic = x0Flow.outputGradient(fromVelocityGradient: weights, timesteps: t)
        let indices = Array(0..<output.count)
        let numeric = GradientCheck.numericGradient(of: output, at: indices, step: 1e-2) {
            GradientCheck.weightedSum(x0Flow.velocity(fromOutput: $0, latent: latent, timesteps: t), weights: weights)
        }
        #expect(GradientCheck.relativeError(analytic: analytic, numeric: numeric, at: indices) < 1e-3)
    }

    /// With an x₀ model, one Euler step from pure noise lands on the model's clean latent.
    @Test func theLastEulerStepLandsOnThePredictedCleanLatent() {
        var model = DiT(tinyConfiguration(.inContext), seed: 6)
        randomizeParameters(&model, seed: 7)
        let input = tinyInput()
        let noise = input.latent
        let null = NullText(embedding: Tensor(shape: [1, 6]), mask: [true])
        let sampler = EulerSampler(steps: 1, guidance: 1, flow: x0Flow)
        let sample = sampler.sample(model: model, noise: noise, text: input.text, textMask: input.textMask, nullText: null)
        var atOne = input
        atOne.timesteps = [1, 1]
        let predicted = model(atOne).0
        #expect(sample.maxAbsoluteDifference(predicted + noise * 1e-5) < 1e-4)
    }

    @Test func maskingHidesWholePatchesUnderTheirNoise() {
        let masking = PatchMasking(ratio: 0.4, patch: (1, 2, 2))
        let clean = normalTensor([2, 3, 2, 4, 6], seed: 8)
        let noise = normalTensor([2, 3, 2, 4, 6], seed: 9)
        var latent = clean
        var streams = [SeededGenerator(seed: 10), SeededGenerator(seed: 11)]
        masking.hide(in: &latent, noise: noise, using: &streams)
        var hidden = 0
        for b in 0..<2 { for gt in 0..<2 { for gy in 0..<2 { for gx in 0..<3 {
            var fromNoise: [Bool] = []
            for c in 0..<3 { for y in (2 * gy)..<(2 * gy + 2) { for x in (2 * gx)..<(2 * gx + 2) {
                let i = (((b * 3 + c) * 2 + gt) * 4 + y) * 6 + x
                #expect(latent.data[i] == noise.data[i] || latent.data[i] == clean.data[i])
                fromNoise.append(latent.data[i] == noise.data[i])
            } } }
            #expect(Set(fromNoise).count == 1, "patch (\(b), \(gt), \(gy), \(gx)) is partly hidden")
            if fromNoise[0] { hidden += 1 }
        } } } }
        #expect(hidden > 0 && hidden < 24)
        // The share of hidden patches follows the ratio.
        var many = Tensor(shape: [1, 1, 1, 200, 200])
        var stream = [SeededGenerator(seed: 12)]
        masking.hide(in: &many, noise: Tensor(shape: [1, 1, 1, 200, 200], repeating: 1), using: &stream)
        #expect(abs(many.data.reduce(0, +) / 40_000 - 0.4) < 0.03)
    }

    /// Frame masking hides whole latent frames of videos and leaves pictures alone.
    @Test func frameMaskingHidesWholeFramesOfVideosOnly() {
        let masking = PatchMasking(ratio: 0, frameRatio: 0.5, patch: (1, 2, 2))
        let noise = Tensor(shape: [64, 1, 4, 2, 2], repeating: 1)
        var video = Tensor(shape: [64, 1, 4, 2, 2])
        var streams = (0..<64).map { SeededGenerator(seed: UInt64(100 + $0)) }
        masking.hide(in: &video, noise: noise, using: &streams)
        var hiddenFrames = 0
        for frame in 0..<(64 * 4) {
            let values = Set(video.data[(frame * 4)..<((frame + 1) * 4)])
            #expect(values.count == 1, "frame \(frame) is partly hidden")
            if values == [1] { hiddenFrames += 1 }
        }
        #expect(hiddenFrames > 96 && hiddenFrames < 160)
        var picture = Tensor(shape: [8, 1, 1, 2, 2])
        var pictureStreams = (0..<8).map { SeededGenerator(seed: UInt64(200 + $0)) }
        masking.hide(in: &picture, noise: Tensor(shape: [8, 1, 1, 2, 2], repeating: 1), using: &pictureStreams)
        #expect(picture.data.allSatisfy { $0 == 0 })
    }

    /// A hidden patch's target leads from its noise to the clean latent; elsewhere the target
    /// is the usual velocity.
    @Test func maskedBatchesTargetTheCleanLatentEverywhere() {
        let objective = FlowObjective(flow: x0Flow, patchMasking: PatchMasking(ratio: 0.5, patch: (1, 2, 2)))
        let x0 = normalTensor([4, 2, 1, 4, 4], seed: 13)
        let null = NullText(embedding: Tensor(shape: [1, 3]), mask: [true])
        var generator = SeededGenerator(seed: 14)
        let batch = objective.prepare(latent: x0, text: Tensor(shape: [4, 1, 3]), textMask: [true, true, true, true],
                                      nullText: null, withCondition: false, using: &generator)
        let implied = x0Flow.velocity(fromOutput: x0, latent: batch.input.latent, timesteps: batch.input.timesteps)
        #expect(batch.target.maxAbsoluteDifference(implied) < 1e-6)
        // Unmasked, the same streams give the same timesteps and an unhidden latent.
        generator = SeededGenerator(seed: 14)
        let plain = FlowObjective(flow: x0Flow).prepare(latent: x0, text: Tensor(shape: [4, 1, 3]), textMask: [true, true, true, true],
                                                        nullText: null, withCondition: false, using: &generator)
        #expect(plain.input.timesteps == batch.input.timesteps)
        #expect(plain.input.latent != batch.input.latent)
        #expect(plain.target.maxAbsoluteDifference(x0Flow.velocity(fromOutput: x0, latent: plain.input.latent,
                                                                   timesteps: plain.input.timesteps)) < 1e-4)
    }
}
