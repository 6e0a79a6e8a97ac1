import Tensor
import Testing
@testable import Training

/// `EulerSampler.guidanceInterval`: guidance at the steps whose time lies in the interval, the
/// caption's branch alone (one forward pass) at the others.
@Suite struct GuidanceIntervalTests {
    private let null = NullText(embedding: Tensor(shape: [1, 1], data: [0]), mask: [true])
    private let text = Tensor(shape: [1, 1, 1], data: [1])

    /// A velocity field that is the caption's one feature everywhere: 1 for the caption, 0 for the
    /// null text, so a guided step moves by `guidance` and an unguided one by 1. Records the batch
    /// of every call.
    private func run(_ sampler: EulerSampler, condition: Tensor? = nil) -> (sample: Tensor, batches: [Int]) {
        var batches: [Int] = []
        let noise = normalTensor([1, 1, 1, 2, 2], seed: 4)
        let sample = sampler.sample(noise: noise, text: text, textMask: [true], nullText: null, condition: condition) { input in
            let batch = input.latent.shape[0]
            batches.append(batch)
            let perSample = input.latent.count / batch
            var values: [Float] = []
            for b in 0..<batch {
                // The image branch without its condition (all zeros) pulls the other way.
                let conditioned = input.condition.map { condition in condition.data[b * (condition.count / batch)] != 0 } ?? true
                values += Array(repeating: input.text.data[b] + (conditioned ? 0 : -1), count: perSample)
            }
            return Tensor(shape: input.latent.shape, data: values)
        }
        return (sample, batches)
    }

    private func flow() -> RectifiedFlow { RectifiedFlow(sigmaMin: 0, shift: false) }

    @Test func guidanceAppliesOnlyAtTheStepsInsideTheInterval() {
        let noise = normalTensor([1, 1, 1, 2, 2], seed: 4)
        // Ten steps from t = 1: the five starting at 1.0, 0.9, …, 0.6 are guided (×4), the rest not.
        let (sample, batches) = run(EulerSampler(steps: 10, guidance: 4, flow: flow(), guidanceInterval: 0.55...1))
        #expect(batches == [2, 2, 2, 2, 2, 1, 1, 1, 1, 1])
        let expected = noise.map { $0 - (5 * 4 * 0.1 + 5 * 1 * 0.1) }
        #expect(sample.maxAbsoluteDifference(expected) < 1e-5)
    }

    @Test func theWholeIntervalIsPlainGuidanceAndAnEmptyOneIsNone() {
        let always = run(EulerSampler(steps: 6, guidance: 3, flow: flow()))
        #expect(always.batches == Array(repeating: 2, count: 6))
        #expect(run(EulerSampler(steps: 6, guidance: 3, flow: flow(), guidanceInterval: 0...1)).sample.data == always.sample.data)
        // An interval between two grid times guides no step: the same as guidance 1.
        let never = run(EulerSampler(steps: 6, guidance: 3, flow: flow(), guidanceInterval: 0.2...0.3))
        let unguided = run(EulerSampler(steps: 6, guidance: 1, flow: flow()))
        #expect(never.batches == Array(repeating: 1, count: 6) && unguided.batches == never.batches)
        #expect(never.sample.data == unguided.sample.data)
    }

    @Test func imageToVideoStepsOutsideTheIntervalRunTheConditionedCaptionAlone() {
        let condition = Tensor(shape: [1, 1, 1, 2, 2], data: [1, 1, 1, 1])
        let (sample, batches) = run(EulerSampler(steps: 4, guidance: 2, imageGuidance: 3, flow: flow(), guidanceInterval: 0.5...1),
                                    condition: condition)
        // Steps from t = 1 and 0.75 guided with three branches, 0.5 too (the interval is closed),
        // 0.25 not: v = v₃ + 3(v₂ − v₃) + 2(v₁ − v₂) = −1 + 3·1 + 2·1 = 4 when guided, else v₁ = 1.
        #expect(batches == [3, 3, 3, 1])
        let noise = normalTensor([1, 1, 1, 2, 2], seed: 4)
        #expect(sample.maxAbsoluteDifference(noise.map { $0 - (3 * 4 * 0.25 + 1 * 0.25) }) < 1e-5)
    }
}
