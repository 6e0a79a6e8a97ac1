import Foundation
import Tensor

/// Open-Sora 2.0's rectified-flow objective (reference/opensora.md §7.2): x₀ data, x₁ ~ N(0, I),
/// t = sigmoid(N(0, 1)) shifted by resolution and length, x_t = (1 − t)·x₀ + (1 − (1 − σ_min)(1 − t))·x₁,
/// velocity target v = (1 − σ_min)·x₁ − x₀, MSE. t = 1 is pure noise.
public struct RectifiedFlow: Sendable, Equatable {
    public var sigmaMin: Float
    /// Apply the SD3-style resolution/length shift of the timesteps.
    public var shift: Bool
    /// Multiplies the shift's α (`transform_scale`, as Open-Sora 1.2's rflow scheduler): above 1
    /// moves training and sampling toward noisier timesteps. Data readable through much noise
    /// (small flat-colour images) otherwise never needs the caption, which only the noisiest
    /// timesteps make necessary.
    public var shiftScale: Double
    /// How t is drawn before the shift (`sample_method`, as Open-Sora 1.2's rflow scheduler).
    public var timestepDistribution: TimestepDistribution
    /// What the network outputs (`prediction`); the loss and the sampler always see a velocity.
    public var prediction: FlowPrediction

    public init(sigmaMin: Float = 1e-5, shift: Bool = true, shiftScale: Double = 1,
                timestepDistribution: TimestepDistribution = .logitNormal, prediction: FlowPrediction = .velocity) {
        precondition(shiftScale > 0, "transform_scale must be positive")
        self.sigmaMin = sigmaMin
        self.shift = shift
        self.shiftScale = shiftScale
        self.timestepDistribution = timestepDistribution
        self.prediction = prediction
    }

    /// The timestep shift for a latent of T×H×W: `t ↦ α·t / (1 + (α − 1)·t)`, or t unshifted.
    public func shifted(_ t: Double, frames: Int, height: Int, width: Int) -> Double {
        guard shift else { return t }
        return Self.timeShift(alpha: shiftScale * Self.shiftAlpha(frames: frames, height: height, width: width), t)
    }

    /// α = lin(⌊H·W/4⌋)·√T with lin through (256, 1) and (4096, 3), for a latent of T×H×W.
    public static func shiftAlpha(frames: Int, height: Int, width: Int) -> Double {
        let tokens = Double((height * width) / 4)
        let slope = (3.0 - 1.0) / (4096.0 - 256.0)
        return (1 + slope * (tokens - 256)) * Double(frames).squareRoot()
    }

    /// t' = α·t / (1 + (α − 1)·t).
    public static func timeShift(alpha: Double, _ t: Double) -> Double {
        alpha * t / (1 + (alpha - 1) * t)
    }

    /// One timestep per sample for latents `[C, T, H, W]`: logit-normal, then shifted.
    /// Draws one normal per sample from `generator`.
    public func sampleTimesteps(count: Int, frames: Int, height: Int, width: Int, using generator: inout SeededGenerator) -> [Float] {
        (0..<count).map { _ in
            Float(shifted(timestepDistribution.draw(using: &generator), frames: frames, height: height, width: width))
        }
    }

    /// x_t per sample (`timesteps[b]` for sample b of `[B, …]` tensors).
    public func noised(data x0: Tensor, noise x1: Tensor, timesteps: [Float]) -> Tensor {
        precondition(x0.shape == x1.shape && timesteps.count == x0.shape[0], "noised: shapes disagree")
        let perSample = x0.count / max(x0.shape[0], 1)
        let sigma = sigmaMin
        return Tensor(shape: x0.shape) { out in
            x0.data.withUnsafeBufferPointer { a in
                x1.data.withUnsafeBufferPointer { n in
                    for b in 0..<timesteps.count {
                        let reverse = 1 - timesteps[b]
                        let noiseWeight = 1 - (1 - sigma) * reverse
                        for i in (b * perSample)..<((b + 1) * perSample) { out[i] = reverse * a[i] + noiseWeight * n[i] }
                    }
                }
            }
        }
    }

    /// v = (1 − σ_min)·x₁ − x₀.
    public func velocity(data x0: Tensor, noise x1: Tensor) -> Tensor {
        let keep = 1 - sigmaMin
        return x1.zipMap(x0) { n, a in keep * n - a }
    }

    /// The velocity the network's `output` stands for at `latent` x_t (`timesteps[b]` for sample b):
    /// the output itself, or for an x₀ prediction the velocity that leads from x_t to it,
    /// v = ((1 − σ_min)·x_t − x̂₀) / d(t) (exact for x_t as `noised` makes it).
    public func velocity(fromOutput output: Tensor, latent: Tensor, timesteps: [Float]) -> Tensor {
        guard prediction == .x0 else { return output }
        precondition(output.shape == latent.shape && timesteps.count == output.shape[0], "velocity: shapes disagree")
        let keep = 1 - sigmaMin
        return latent.data.withUnsafeBufferPointer { x in
            output.data.withUnsafeBufferPointer { predicted in
                perSample(output, timesteps) { i, b, out in out[i] = (keep * x[i] - predicted[i]) / self.noiseLevel(timesteps[b]) }
            }
        }
    }

    /// dL/doutput from dL/dvelocity, the chain rule through `velocity(fromOutput:…)`.
    public func outputGradient(fromVelocityGradient gradient: Tensor, timesteps: [Float]) -> Tensor {
        guard prediction == .x0 else { return gradient }
        return gradient.data.withUnsafeBufferPointer { dv in
            perSample(gradient, timesteps) { i, b, out in out[i] = -dv[i] / self.noiseLevel(timesteps[b]) }
        }
    }

    /// The weight of the noise in x_t, σ_min + (1 − σ_min)·t, kept at or above `smallestNoiseLevel`
    /// so the velocity of an x₀ prediction stays bounded near the data end.
    func noiseLevel(_ t: Float) -> Float { max(sigmaMin + (1 - sigmaMin) * t, Self.smallestNoiseLevel) }

    /// JiT's clip of 1 − t (their t = 1 is data) in the velocity of an x-prediction.
    static let smallestNoiseLevel: Float = 0.05

    /// A tensor shaped like `like` whose element i of sample b is written by `body(i, b, out)`.
    private func perSample(_ like: Tensor, _ timesteps: [Float], _ body: (Int, Int, UnsafeMutableBufferPointer<Float>) -> Void) -> Tensor {
        let size = like.count / max(like.shape[0], 1)
        return Tensor(shape: like.shape) { out in
            for b in 0..<timesteps.count {
                for i in (b * size)..<((b + 1) * size) { body(i, b, out) }
            }
        }
    }
}

/// How the squared velocity errors of a batch are weighed (`loss_weighting`).
public enum LossWeighting: String, Sendable, Equatable, CaseIterable {
    /// Every sample alike: the mean squared velocity error, as Open-Sora (and JiT's v-loss).
    case velocity
    /// Each sample by its noise level n(t)²: the squared error of the clean latent the velocity
    /// implies, since v̂ − v = −(x̂₀ − x₀)/n(t). The velocity loss weighs x₀'s error by 1/n(t)², up to
    /// 400× near the data end, where a flat picture is easy to finish; this one gives the noisy
    /// timesteps, where the caption decides where the shape goes and which way it moves, the same
    /// weight.
    case x0

    /// Per-sample weights for `timesteps`, or nil for equal ones. With `x0`, no weight falls below
    /// `floor` (`loss_weight_floor`): 0 is the clean latent's error, 1 the velocity loss, and in
    /// between the low-noise end, where the grain is removed, keeps some weight.
    func sampleWeights(timesteps: [Float], flow: RectifiedFlow, floor: Float = 0) -> [Float]? {
        switch self {
        case .velocity: return nil
        case .x0: return timesteps.map { let level = flow.noiseLevel($0); return max(level * level, floor) }
        }
    }
}

/// What the network outputs (`prediction`).
public enum FlowPrediction: String, Sendable, Equatable, CaseIterable {
    /// The velocity x₁ − x₀, as Open-Sora, SD3 and Flux train.
    case velocity
    /// The clean latent x₀ (JiT, Li & He 2025), trained and sampled through the velocity it
    /// implies. A patch with more values than the model's width cannot carry the noise through
    /// the network, which a velocity needs and a clean latent does not.
    case x0
}

/// The distribution of the training timestep before the shift.
public enum TimestepDistribution: String, Sendable, Equatable, CaseIterable {
    /// sigmoid(N(0, 1)), Open-Sora 2.0 and SD3: most draws in the middle, few near 0 or 1.
    case logitNormal = "logit-normal"
    /// U(0, 1): every noise level alike; with a strong shift still reaches low noise, which a
    /// shifted logit-normal almost never does.
    case uniform

    /// One draw: one normal or one uniform from `generator`.
    public func draw(using generator: inout SeededGenerator) -> Double {
        switch self {
        case .logitNormal: return 1 / (1 + exp(-generator.nextNormal()))
        case .uniform: return generator.nextUniform()
        }
    }
}

/// The mean squared error between a prediction and its target (`[B, C, T, H, W]`) and its gradient.
public enum FlowLoss {
    /// Without exclusions: the mean over all elements (F.mse_loss). With `excludedFrames` (one list
    /// of latent frame indices per sample, `no_i2v_ref_loss`): each sample's mean over its other
    /// frames, averaged over samples. `sampleWeights` multiply each sample's share. Returns the
    /// loss and dL/dprediction.
    public static func meanSquaredError(
        prediction: Tensor, target: Tensor, excludedFrames: [[Int]]? = nil, sampleWeights: [Float]? = nil
    ) -> (loss: Double, gradient: Tensor) {
        precondition(prediction.shape == target.shape && prediction.rank == 5, "loss shapes \(prediction.shape), \(target.shape)")
        let (batch, channels, frames) = (prediction.shape[0], prediction.shape[1], prediction.shape[2])
        let plane = prediction.shape[3] * prediction.shape[4]
        // Weight of each (sample, frame): 1/(count of included elements of the sample) / B, or 1/N.
        var weights = [Float](repeating: Float(1 / Double(prediction.count)), count: batch * frames)
        if let excludedFrames {
            precondition(excludedFrames.count == batch, "one exclusion list per sample")
            for b in 0..<batch {
                let excluded = Set(excludedFrames[b].filter { $0 >= 0 && $0 < frames })
                let kept = frames - excluded.count
                for f in 0..<frames {
                    weights[b * frames + f] = excluded.contains(f) || kept == 0 ? 0 : Float(1 / (Double(kept * channels * plane) * Double(batch)))
                }
            }
        }
        if let sampleWeights {
            precondition(sampleWeights.count == batch, "one weight per sample")
            for b in 0..<batch {
                for f in 0..<frames { weights[b * frames + f] *= sampleWeights[b] }
            }
        }
        var total = 0.0
        let gradient = Tensor(shape: prediction.shape) { out in
            prediction.data.withUnsafeBufferPointer { p in
                target.data.withUnsafeBufferPointer { t in
                    for b in 0..<batch {
                        for c in 0..<channels {
                            for f in 0..<frames {
                                let w = weights[b * frames + f]
                                let base = ((b * channels + c) * frames + f) * plane
                                var squares: Float = 0
                                for i in base..<(base + plane) {
                                    let d = p[i] - t[i]
                                    squares += d * d
                                    out[i] = 2 * w * d
                                }
                                total += Double(w) * Double(squares)
                            }
                        }
                    }
                }
            }
        }
        return (total, gradient)
    }
}
