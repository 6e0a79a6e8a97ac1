import Tensor

/// Euler integration of the learned flow from noise (t = 1) to data (t = 0) with classifier-free
/// guidance, as Open-Sora 2.0's sampler: times linspace(1, 0, steps + 1), shifted like training,
/// `x ← x + (t_next − t)·v`.
///
/// Text guidance alone: `v = v_null + guidance·(v_text − v_null)`, the text and null-text branches
/// run as one doubled batch `[text; null]` (with the same condition in both).
///
/// With `imageGuidance` and a condition (image-to-video), three branches as Open-Sora's
/// `I2VDenoiser`: (text, condition), (null text, condition), (null text, all-zero condition), and
/// `v = v₃ + imageGuidance·(v₂ − v₃) + guidance·(v₁ − v₂)`: the image pulls away from the
/// unconditioned prediction, the text away from the image-only one. Open-Sora's oscillating and
/// temporally scaled guidance (`text_osci`, `image_osci`, `scale_temporal_osci`) are not offered.
///
/// With a `guidanceInterval` narrower than 0...1, the guidance applies only at steps whose time t
/// (1: pure noise) lies in it; the other steps take the text (and condition) branch alone, one
/// forward pass instead of two or three (Kynkäänniemi et al. 2024, "Applying guidance in a limited
/// interval"). The caption decides the layout and the motion at high noise; guidance at low noise
/// mostly amplifies the difference of two fine-detail predictions, which shows as grain.
///
/// With `stochasticity` η > 0 each step is DDIM's η-step written for the flow (Song et al. 2021,
/// eq. 12): the guided velocity gives x̂₀ and ε̂, the next latent keeps x̂₀ and part of ε̂ and draws
/// the rest of its noise afresh, σ = η·(n_s/n_t)·√(n_t² − (a_t/a_s)²·n_s²) with a = 1 − t and n the
/// noise level. η = 1 is DDPM's ancestral step; η = 0 is the Euler step itself.
public struct EulerSampler: Sendable {
    public var steps: Int
    public var guidance: Float
    /// `guidance_img` of Open-Sora's sampling options; used only when a condition is given.
    public var imageGuidance: Float?
    public var flow: RectifiedFlow
    /// η in [0, 1]: the share of each step's noise drawn afresh (0: the deterministic Euler ODE).
    public var stochasticity: Float
    /// The times t at which the guidance applies (0...1: every step).
    public var guidanceInterval: ClosedRange<Float>

    public init(steps: Int, guidance: Float, imageGuidance: Float? = nil, flow: RectifiedFlow = RectifiedFlow(),
                stochasticity: Float = 0, guidanceInterval: ClosedRange<Float> = 0...1) {
        precondition(steps >= 1, "at least one sampling step")
        precondition((0...1).contains(stochasticity), "stochasticity is in [0, 1]")
        precondition(guidanceInterval.lowerBound >= 0 && guidanceInterval.upperBound <= 1, "the guidance interval lies in [0, 1]")
        self.steps = steps
        self.guidance = guidance
        self.imageGuidance = imageGuidance
        self.flow = flow
        self.stochasticity = stochasticity
        self.guidanceInterval = guidanceInterval
    }

    /// The time grid for latents of `frames × height × width`, from 1 down to 0.
    public func times(frames: Int, height: Int, width: Int) -> [Float] {
        (0...steps).map { i in
            Float(flow.shifted(1 - Double(i) / Double(steps), frames: frames, height: height, width: width))
        }
    }

    /// Samples with `model` starting from `noise` `[B, C, T, H, W]`; with stochasticity, the fresh
    /// noise of each step comes from `stepNoise`, B·C·T·H·W normals per step (unused at η = 0).
    public func sample(
        model: DiT, noise: Tensor, text: Tensor, textMask: [Bool], nullText: NullText, condition: Tensor? = nil,
        stepNoise: SeededGenerator = SeededGenerator(seed: 0)
    ) -> Tensor {
        sample(noise: noise, text: text, textMask: textMask, nullText: nullText, condition: condition,
               stepNoise: stepNoise) { input in
            flow.velocity(fromOutput: model(input).0, latent: input.latent, timesteps: input.timesteps)
        }
    }

    /// Samples with any velocity function (the model's forward pass in practice). The guidance
    /// branches run as one batch, branch after branch.
    public func sample(
        noise: Tensor, text: Tensor, textMask: [Bool], nullText: NullText, condition: Tensor? = nil,
        stepNoise: SeededGenerator = SeededGenerator(seed: 0), velocity: (DiTInput) -> Tensor
    ) -> Tensor {
        var generator = stepNoise
        let batch = noise.shape[0]
        let grid = times(frames: noise.shape[2], height: noise.shape[3], width: noise.shape[4])
        let branches = self.branches(text: text, textMask: textMask, nullText: nullText, condition: condition)
        let count = branches.texts.count
        let branchText = Self.stack(branches.texts)
        let branchMask = branches.masks.flatMap { $0 }
        let branchCondition = condition.map { _ in Self.stack(branches.conditions.compactMap { $0 }) }
        var x = noise
        for step in 0..<steps {
            let (now, next) = (grid[step], grid[step + 1])
            let v: Tensor
            if count > 1, guidanceInterval.contains(now) {
                let input = DiTInput(
                    latent: Self.stack(Array(repeating: x, count: count)), timesteps: Array(repeating: now, count: count * batch),
                    text: branchText, textMask: branchMask, condition: branchCondition)
                v = combine(velocity(input), branches: count, shape: x.shape)
            } else {
                // The first branch is the caption with the condition, as given.
                v = velocity(DiTInput(latent: x, timesteps: Array(repeating: now, count: batch), text: text,
                                      textMask: textMask, condition: condition))
            }
            if stochasticity == 0 {
                x.add(v, scaledBy: next - now)
            } else {
                x = stochasticStep(x, velocity: v, from: now, to: next, using: &generator)
            }
        }
        return x
    }

    /// DDIM's η-step from t = `now` to s = `next` < now. With x_t = a_t·x₀ + n_t·ε and
    /// v = (1 − σ_min)·ε − x₀: ε̂ = x_t + a_t·v (a_t(1 − σ_min) + n_t = 1) and x̂₀ = (1 − σ_min)·ε̂ − v;
    /// then x_s = a_s·x̂₀ + √(n_s² − σ²)·ε̂ + σ·z.
    func stochasticStep(_ x: Tensor, velocity v: Tensor, from now: Float, to next: Float,
                        using generator: inout SeededGenerator) -> Tensor {
        let keep = 1 - flow.sigmaMin
        let (aNow, aNext) = (1 - now, 1 - next)
        let (nNow, nNext) = (flow.sigmaMin + keep * now, flow.sigmaMin + keep * next)
        let decay = aNext > 0 ? aNow / aNext : 0
        let sigma = stochasticity * (nNext / nNow) * max(0, nNow * nNow - decay * decay * nNext * nNext).squareRoot()
        let carried = max(0, nNext * nNext - sigma * sigma).squareRoot()
        let fresh = Tensor.normal(shape: x.shape, using: &generator)
        return Tensor(shape: x.shape) { out in
            x.data.withUnsafeBufferPointer { xs in
                v.data.withUnsafeBufferPointer { vs in
                    fresh.data.withUnsafeBufferPointer { zs in
                        for i in 0..<out.count {
                            let epsilon = xs[i] + aNow * vs[i]
                            let clean = keep * epsilon - vs[i]
                            out[i] = aNext * clean + carried * epsilon + sigma * zs[i]
                        }
                    }
                }
            }
        }
    }

    /// The text and condition of each branch: 1 (no guidance), 2 (text guidance) or 3 (text and
    /// image guidance).
    func branches(text: Tensor, textMask: [Bool], nullText: NullText, condition: Tensor?)
        -> (texts: [Tensor], masks: [[Bool]], conditions: [Tensor?]) {
        let batch = text.shape[0]
        let (nullTokens, nullMask) = nullText.replacing(in: text, mask: textMask, drop: Array(repeating: true, count: batch))
        if let condition, imageGuidance != nil {
            return ([text, nullTokens, nullTokens], [textMask, nullMask, nullMask],
                    [condition, condition, Tensor(shape: condition.shape)])
        }
        if guidance != 1 { return ([text, nullTokens], [textMask, nullMask], [condition, condition]) }
        return ([text], [textMask], [condition])
    }

    /// The guided velocity from the branches' predictions stacked along the batch.
    func combine(_ prediction: Tensor, branches: Int, shape: [Int]) -> Tensor {
        if branches == 1 { return prediction }
        let n = shape.reduce(1, *)
        let g = guidance
        let gi = imageGuidance ?? 1
        return Tensor(shape: shape) { out in
            prediction.data.withUnsafeBufferPointer { p in
                if branches == 2 {
                    for i in 0..<n { out[i] = p[n + i] + g * (p[i] - p[n + i]) }
                } else {
                    for i in 0..<n { out[i] = p[2 * n + i] + gi * (p[n + i] - p[2 * n + i]) + g * (p[i] - p[n + i]) }
                }
            }
        }
    }

    /// Tensors of equal shape `[B, …]` stacked along the batch: `[kB, …]`.
    static func stack(_ parts: [Tensor]) -> Tensor {
        precondition(!parts.isEmpty, "stack at least one tensor")
        let first = parts[0]
        if parts.count == 1 { return first }
        precondition(parts.allSatisfy { $0.shape == first.shape }, "stack \(parts.map(\.shape))")
        return Tensor(shape: [parts.count * first.shape[0]] + Array(first.shape.dropFirst()), data: parts.flatMap(\.data))
    }
}
