import Foundation
import Tensor
import Testing
@testable import Training

/// The sampler's η-steps: they change what is drawn, so they are checked against a distribution
/// whose answer is known in closed form.
@Suite struct StochasticSamplingTests {
    private let null = NullText(embedding: Tensor(shape: [1, 1], data: [0]), mask: [true])

    /// The exact velocity when x₀ ~ N(μ, s²) elementwise and σ_min = 0: x̂₀ = E[x₀ | x_t] is linear
    /// in x_t, ε̂ = (x_t − (1 − t)·x̂₀)/t and v = ε̂ − x̂₀.
    private func gaussianVelocity(mean mu: Float, std s: Float) -> (DiTInput) -> Tensor {
        { input in
            let t = input.timesteps[0]
            let a = 1 - t
            let gain = a * s * s / (a * a * s * s + t * t)
            return input.latent.map { x in
                let clean = mu + gain * (x - a * mu)
                let epsilon = (x - a * clean) / t
                return epsilon - clean
            }
        }
    }

    @Test func anEtaStepWithoutFreshNoiseIsTheEulerStep() {
        let x = normalTensor([1, 2, 3, 2, 2], seed: 5)
        let v = normalTensor([1, 2, 3, 2, 2], seed: 6)
        for sigmaMin in [Float(0), 1e-5] {
            let sampler = EulerSampler(steps: 3, guidance: 1, flow: RectifiedFlow(sigmaMin: sigmaMin), stochasticity: 0)
            var generator = SeededGenerator(seed: 1)
            let stepped = sampler.stochasticStep(x, velocity: v, from: 0.7, to: 0.4, using: &generator)
            var euler = x
            euler.add(v, scaledBy: 0.4 - 0.7)
            #expect(stepped.maxAbsoluteDifference(euler) < 1e-5)
        }
    }

    @Test func ancestralAndHalfwaySamplingDrawTheDataDistribution() {
        // 4,000 independent elements of N(1.5, 0.5²); each sampler must reproduce mean and spread.
        let (mu, s): (Float, Float) = (1.5, 0.5)
        let noise = normalTensor([1, 1, 1, 40, 100], seed: 31)
        let text = Tensor(shape: [1, 1, 1], data: [1])
        for eta: Float in [0, 0.5, 1] {
            let sampler = EulerSampler(steps: 60, guidance: 1, flow: RectifiedFlow(sigmaMin: 0, shift: false), stochasticity: eta)
            let sample = sampler.sample(noise: noise, text: text, textMask: [true], nullText: null,
                                        stepNoise: SeededGenerator(seed: 8), velocity: gaussianVelocity(mean: mu, std: s))
            let mean = sample.data.reduce(0, +) / Float(sample.count)
            let spread = (sample.data.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Float(sample.count)).squareRoot()
            #expect(abs(mean - mu) < 0.03, "η \(eta): mean \(mean)")
            #expect(abs(spread - s) < 0.03, "η \(eta): std \(spread)")
        }
    }

    @Test func freshNoiseChangesTheSampleAndTheSeedRepeatsIt() {
        let noise = normalTensor([1, 1, 1, 4, 4], seed: 3)
        let text = Tensor(shape: [1, 1, 1], data: [1])
        let velocity = gaussianVelocity(mean: 0, std: 1)
        func run(_ eta: Float, seed: UInt64) -> Tensor {
            EulerSampler(steps: 8, guidance: 1, flow: RectifiedFlow(sigmaMin: 0, shift: false), stochasticity: eta)
                .sample(noise: noise, text: text, textMask: [true], nullText: null, stepNoise: SeededGenerator(seed: seed),
                        velocity: velocity)
        }
        #expect(run(0, seed: 1) == run(0, seed: 2))
        #expect(run(1, seed: 1) == run(1, seed: 1))
        #expect(run(1, seed: 1).maxAbsoluteDifference(run(1, seed: 2)) > 0.1)
    }
}
