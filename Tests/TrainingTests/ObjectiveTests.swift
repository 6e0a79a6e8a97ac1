import Foundation
import Tensor
import Testing
@testable import Training

@Suite struct ObjectiveTests {
    @Test func shiftFollowsTheResolutionLineAndTheSquareRootOfLength() {
        #expect(RectifiedFlow.shiftAlpha(frames: 1, height: 32, width: 32) == 1)      // 256 tokens
        #expect(RectifiedFlow.shiftAlpha(frames: 1, height: 128, width: 128) == 3)    // 4096 tokens
        #expect(RectifiedFlow.shiftAlpha(frames: 4, height: 32, width: 32) == 2)
        let smallAlpha: Double = 1 + 2.0 / 3840 * (6.0 - 256.0)  // ⌊25/4⌋ = 6 tokens
        #expect(RectifiedFlow.shiftAlpha(frames: 1, height: 5, width: 5) == smallAlpha)
        #expect(RectifiedFlow.timeShift(alpha: 1, 0.3) == 0.3)
        #expect(RectifiedFlow.timeShift(alpha: 3, 0.5) == 0.75)
    }

    @Test func timestepsAreShiftedSigmoidsOfTheGeneratorsNormals() {
        var generator = SeededGenerator(seed: 11)
        var reference = generator
        let t = RectifiedFlow().sampleTimesteps(count: 5, frames: 9, height: 16, width: 16, using: &generator)
        let alpha = (1 + 2.0 / 3840 * (64 - 256)) * 3
        for value in t {
            let u = 1 / (1 + exp(-reference.nextNormal()))
            #expect(abs(Double(value) - alpha * u / (1 + (alpha - 1) * u)) < 1e-6)
            #expect(value > 0 && value < 1)
        }
    }

    @Test func noisedEndpointsAndVelocityAsTimeDerivative() {
        let flow = RectifiedFlow()
        let x0 = normalTensor([2, 1, 1, 2, 2], seed: 12)
        let x1 = normalTensor([2, 1, 1, 2, 2], seed: 13)
        #expect(flow.noised(data: x0, noise: x1, timesteps: [1, 1]) == x1)
        let clean = flow.noised(data: x0, noise: x1, timesteps: [0, 0])
        #expect(clean.maxAbsoluteDifference(x0 + x1 * 1e-5) < 1e-6)
        // v = d x_t / dt.
        let (a, b) = (flow.noised(data: x0, noise: x1, timesteps: [0.25, 0.6]), flow.noised(data: x0, noise: x1, timesteps: [0.5, 0.85]))
        #expect(((b - a) * 4).maxAbsoluteDifference(flow.velocity(data: x0, noise: x1)) < 1e-5)
    }

    @Test func lossIsPlainMeanOrPerSampleMeanOverUnconditionedFrames() {
        let prediction = normalTensor([2, 2, 3, 2, 2], seed: 14)
        let target = normalTensor([2, 2, 3, 2, 2], seed: 15)
        let plain = FlowLoss.meanSquaredError(prediction: prediction, target: target)
        #expect(abs(plain.loss - (prediction - target).map { $0 * $0 }.mean()) < 1e-6)
        let excluded = [[0], []]
        let masked = FlowLoss.meanSquaredError(prediction: prediction, target: target, excludedFrames: excluded)
        func sampleMean(_ b: Int, frames: [Int]) -> Double {
            var total = 0.0
            for c in 0..<2 { for f in frames { for i in 0..<4 {
                let index = ((b * 2 + c) * 3 + f) * 4 + i
                total += Double((prediction.data[index] - target.data[index]) * (prediction.data[index] - target.data[index]))
            } } }
            return total / Double(2 * frames.count * 4)
        }
        #expect(abs(masked.loss - (sampleMean(0, frames: [1, 2]) + sampleMean(1, frames: [0, 1, 2])) / 2) < 1e-6)
        // Gradients against finite differences; excluded elements get none.
        for (gradient, exclusions) in [(plain.gradient, nil), (masked.gradient, excluded)] as [(Tensor, [[Int]]?)] {
            let indices = Array(0..<prediction.count)
            let numeric = GradientCheck.numericGradient(of: prediction, at: indices, step: 1e-2) {
                FlowLoss.meanSquaredError(prediction: $0, target: target, excludedFrames: exclusions).loss
            }
            #expect(GradientCheck.relativeError(analytic: gradient, numeric: numeric, at: indices) < 1e-3)
        }
        #expect(masked.gradient.data[0..<4].allSatisfy { $0 == 0 })
    }

    @Test func conditionModesDrawInProportionAndMaskTheirFrames() {
        let table = ConditionTable([(.t2v, 1), (.i2vHead, 5), (.i2vLoop, 1), (.i2vTail, 1)])
        #expect(table.problem == nil)
        #expect(ConditionTable([(.t2v, 0)]).problem != nil)
        var generator = SeededGenerator(seed: 16)
        var counts: [ConditionMode: Int] = [:]
        for _ in 0..<16_000 { counts[table.draw(using: &generator), default: 0] += 1 }
        #expect(abs(Double(counts[.i2vHead]!) / 16_000 - 5.0 / 8) < 0.015)
        #expect(abs(Double(counts[.t2v]!) / 16_000 - 1.0 / 8) < 0.015)
        #expect(ConditionMode.i2vLoop.conditionedFrames(frames: 3) == [0, 2])
        #expect(ConditionMode.i2vTail.conditionedFrames(frames: 1) == [])
        let latent = normalTensor([2, 2, 3, 1, 2], seed: 17)
        let condition = VisualCondition.build(latent: latent, conditionedFrames: [[0], [2]])
        #expect(condition.shape == [2, 3, 3, 1, 2])
        // Sample 0: mask on frame 0 only; channel 1+c of frame 0 is the latent's.
        #expect(Array(condition.data[0..<6]) == [1, 1, 0, 0, 0, 0])
        #expect(Array(condition.data[6..<8]) == Array(latent.data[0..<2]))
        #expect(Array(condition.data[8..<12]) == [0, 0, 0, 0])
        // Sample 1: mask on frame 2 only.
        #expect(Array(condition.data[18..<24]) == [0, 0, 0, 0, 1, 1])
    }

    @Test func textDropoutSubstitutesThePaddedNullText() {
        let null = NullText(embedding: Tensor(shape: [2, 2], data: [9, 9, 8, 8]), mask: [true, false])
        let text = normalTensor([3, 3, 2], seed: 18)
        let mask = [Bool](repeating: true, count: 9)
        let objective = FlowObjective(textDropout: 1)
        var generator = SeededGenerator(seed: 19)
        let batch = objective.prepare(latent: normalTensor([3, 1, 1, 2, 2], seed: 20), text: text, textMask: mask,
                                      nullText: null, withCondition: false, using: &generator)
        #expect(batch.textDropped == [true, true, true])
        #expect(Array(batch.input.text.data[0..<6]) == [9, 9, 8, 8, 8, 8])
        #expect(Array(batch.input.textMask[0..<3]) == [true, false, false])
        generator = SeededGenerator(seed: 19)
        let kept = FlowObjective(textDropout: 0).prepare(latent: normalTensor([3, 1, 1, 2, 2], seed: 20), text: text, textMask: mask,
                                                         nullText: null, withCondition: false, using: &generator)
        #expect(kept.input.text == text && kept.input.textMask == mask)
        // About 31.6 % of samples dropped at dropout_ratio 0.31622777.
        generator = SeededGenerator(seed: 21)
        let many = FlowObjective(textDropout: 0.31622777).prepare(
            latent: Tensor(shape: [4000, 1, 1, 1, 1]), text: Tensor(shape: [4000, 1, 2]), textMask: Array(repeating: true, count: 4000),
            nullText: null, withCondition: false, using: &generator)
        #expect(abs(Double(many.textDropped.filter { $0 }.count) / 4000 - 0.31622777) < 0.025)
    }

    @Test func eulerSamplerIntegratesAStraightFlowExactlyAndAppliesGuidance() {
        let data = Tensor(shape: [1, 1, 1, 2, 2], data: [0.5, -1, 2, 0])
        let noise = normalTensor([1, 1, 1, 2, 2], seed: 22)
        let null = NullText(embedding: Tensor(shape: [1, 1], data: [0]), mask: [true])
        let text = Tensor(shape: [1, 1, 1], data: [1])
        // The exact velocity of the straight path to `data` (σ_min = 0): v = (x − data) / t.
        func exact(_ input: DiTInput) -> Tensor {
            let t = input.timesteps[0]
            return input.latent.zipMap(Tensor(shape: input.latent.shape, data: Array(repeating: data.data, count: input.latent.shape[0]).flatMap { $0 })) { x, d in (x - d) / t }
        }
        let sampler = EulerSampler(steps: 7, guidance: 1, flow: RectifiedFlow(sigmaMin: 0))
        let sample = sampler.sample(noise: noise, text: text, textMask: [true], nullText: null, velocity: exact)
        #expect(sample.maxAbsoluteDifference(data) < 1e-5)
        #expect(sampler.times(frames: 1, height: 32, width: 32).first == 1 && sampler.times(frames: 1, height: 32, width: 32).last == 0)
        // Guidance: text branch velocity 1, null branch 0 → v = 0 + g·(1 − 0) = g at every step.
        let guided = EulerSampler(steps: 4, guidance: 3, flow: RectifiedFlow(shift: false))
        let moved = guided.sample(noise: noise, text: text, textMask: [true], nullText: null) { input in
            Tensor(shape: input.latent.shape, data: (0..<input.latent.count).map { $0 < 4 ? 1 : 0 })
        }
        #expect(moved.maxAbsoluteDifference(noise - Tensor(shape: noise.shape, repeating: 3)) < 1e-5)
    }
}
