import Tensor
import Testing
@testable import Training

/// A tiny configuration for gradient checks and training tests.
func tinyConfiguration(_ conditioning: TextConditioning, condEmbed: Bool = false) -> DiTConfiguration {
    DiTConfiguration(
        inChannels: 2, patchSize: PatchSize(t: 1, h: 2, w: 2), hiddenSize: 8, depth: 2, numHeads: 2,
        mlpRatio: 2, textConditioning: conditioning, textDim: 6, condEmbed: condEmbed, frequencyEmbeddingSize: 10)
}

/// The tiny configuration with rotary positions: 2 heads of 6 features, one pair per axis.
func tinyRotaryConfiguration(_ conditioning: TextConditioning) -> DiTConfiguration {
    var configuration = tinyConfiguration(conditioning)
    configuration.hiddenSize = 12
    configuration.axesDim = [2, 2, 2]
    configuration.theta = 100
    return configuration
}

/// A random normal tensor from a fixed seed.
func normalTensor(_ shape: [Int], seed: UInt64, std: Float = 1) -> Tensor {
    var generator = SeededGenerator(seed: seed)
    return .normal(shape: shape, std: std, using: &generator)
}

/// A batch for the tiny model: latent [2, 2, 2, 4, 4], text [2, 3, 6] with one padded token in
/// the second sample, and (with `condEmbed`) an i2v condition on frame 0.
func tinyInput(condEmbed: Bool = false, seed: UInt64 = 100) -> DiTInput {
    let latent = normalTensor([2, 2, 2, 4, 4], seed: seed)
    var condition: Tensor?
    if condEmbed {
        var c = Tensor(shape: [2, 3, 2, 4, 4])
        for b in 0..<2 {
            for y in 0..<16 {
                c.data[((b * 3) * 2) * 16 + y] = 1  // mask channel, frame 0
                for ch in 0..<2 { c.data[((b * 3 + 1 + ch) * 2) * 16 + y] = latent.data[((b * 2 + ch) * 2) * 16 + y] }
            }
        }
        condition = c
    }
    return DiTInput(latent: latent, timesteps: [0.3, 0.8], text: normalTensor([2, 3, 6], seed: seed + 1),
                    textMask: [true, true, true, true, true, false], condition: condition)
}

/// Replaces every parameter by normal(0, std) values, so no gradient is zero by construction
/// (a fresh dit has zero adaLN and output layers).
func randomizeParameters(_ model: inout DiT, seed: UInt64, std: Float = 0.3) {
    var generator = SeededGenerator(seed: seed)
    model.parameters = model.parameters.map { .normal(shape: $0.shape, std: std, using: &generator) }
}

/// Finite-difference step and tolerance for the whole model (Float32 forward, 2 blocks, weights of
/// std 0.3). Measured worst relative errors over all modes: h = 3e-3 → 1.5e-2 and h = 1e-2 →
/// 3.3e-3 (rounding-dominated, worst on cross-attention's q bias whose gradient nearly cancels),
/// h = 3e-2 → 2.2e-3 (truncation-dominated), h = 2e-2 → 2.0e-3. With h = 2e-2 the tolerance 1e-2
/// leaves a 5× margin while a wrong backward formula gives errors of order 1.
let modelFiniteDifferenceStep: Float = 2e-2
let modelGradientTolerance = 1e-2
