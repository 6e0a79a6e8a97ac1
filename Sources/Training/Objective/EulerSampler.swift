import Tensor

/// Euler integration of the learned flow from noise (t = 1) to data (t = 0) with classifier-free
/// guidance, as Open-Sora 2.0's sampler: times linspace(1, 0, steps + 1), shifted like training,
/// `x ← x + (t_next − t)·v` with `v = v_null + guidance·(v_text − v_null)`.
public struct EulerSampler: Sendable {
    public var steps: Int
    public var guidance: Float
    public var flow: RectifiedFlow

    public init(steps: Int, guidance: Float, flow: RectifiedFlow = RectifiedFlow()) {
        precondition(steps >= 1, "at least one sampling step")
        self.steps = steps
        self.guidance = guidance
        self.flow = flow
    }

    /// The time grid for latents of `frames × height × width`, from 1 down to 0.
    public func times(frames: Int, height: Int, width: Int) -> [Float] {
        (0...steps).map { i in
            Float(flow.shifted(1 - Double(i) / Double(steps), frames: frames, height: height, width: width))
        }
    }

    /// Samples with `model` starting from `noise` `[B, C, T, H, W]`.
    public func sample(
        model: DiT, noise: Tensor, text: Tensor, textMask: [Bool], nullText: NullText, condition: Tensor? = nil
    ) -> Tensor {
        sample(noise: noise, text: text, textMask: textMask, nullText: nullText, condition: condition) { model($0).0 }
    }

    /// Samples with any velocity function (the model's forward pass in practice). With guidance ≠ 1
    /// the text and null-text branches run as one doubled batch `[text; null]`.
    public func sample(
        noise: Tensor, text: Tensor, textMask: [Bool], nullText: NullText, condition: Tensor? = nil,
        velocity: (DiTInput) -> Tensor
    ) -> Tensor {
        let batch = noise.shape[0]
        let grid = times(frames: noise.shape[2], height: noise.shape[3], width: noise.shape[4])
        let guided = guidance != 1
        var branchText = text
        var branchMask = textMask
        var branchCondition = condition
        if guided {
            let (nullTokens, nullMask) = nullText.replacing(in: text, mask: textMask, drop: Array(repeating: true, count: batch))
            branchText = Self.stack(text, nullTokens)
            branchMask = textMask + nullMask
            branchCondition = condition.map { Self.stack($0, $0) }
        }
        var x = noise
        for step in 0..<steps {
            let (now, next) = (grid[step], grid[step + 1])
            let input = DiTInput(
                latent: guided ? Self.stack(x, x) : x, timesteps: Array(repeating: now, count: guided ? 2 * batch : batch),
                text: branchText, textMask: branchMask, condition: branchCondition)
            var v = velocity(input)
            if guided {
                let half = x.count
                let g = guidance
                v = Tensor(shape: x.shape) { out in
                    v.data.withUnsafeBufferPointer { p in
                        for i in 0..<half { out[i] = p[half + i] + g * (p[i] - p[half + i]) }
                    }
                }
            }
            x.add(v, scaledBy: next - now)
        }
        return x
    }

    /// Two tensors of equal shape `[B, …]` stacked along the batch: `[2B, …]`.
    static func stack(_ a: Tensor, _ b: Tensor) -> Tensor {
        precondition(a.shape == b.shape, "stack \(a.shape) and \(b.shape)")
        return Tensor(shape: [2 * a.shape[0]] + Array(a.shape.dropFirst()), data: a.data + b.data)
    }
}
