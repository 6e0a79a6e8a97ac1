import Tensor

/// The i2v conditioning of one sample (`condition_config` keys of Open-Sora 2.0 that apply to a
/// per-frame latent; the v2v modes need a causal autoencoder's reference clips and are not offered).
public enum ConditionMode: String, Sendable, CaseIterable {
    case t2v
    case i2vHead = "i2v_head"
    case i2vTail = "i2v_tail"
    case i2vLoop = "i2v_loop"

    /// The conditioned latent frames of a clip with `frames` latent frames.
    public func conditionedFrames(frames: Int) -> [Int] {
        guard frames > 1 else { return [] }  // images are always plain t2v
        switch self {
        case .t2v: return []
        case .i2vHead: return [0]
        case .i2vTail: return [frames - 1]
        case .i2vLoop: return [0, frames - 1]
        }
    }
}

/// A weight table over condition modes, drawn per sample like Python's
/// `random.choices(keys, weights)`: the first mode whose cumulative weight exceeds u·total.
public struct ConditionTable: Sendable, Equatable {
    public var entries: [(mode: ConditionMode, weight: Double)]

    public init(_ entries: [(mode: ConditionMode, weight: Double)]) {
        self.entries = entries
    }

    public static func == (a: ConditionTable, b: ConditionTable) -> Bool {
        a.entries.map(\.mode) == b.entries.map(\.mode) && a.entries.map(\.weight) == b.entries.map(\.weight)
    }

    /// Why the table cannot be used (e.g. negative or all-zero weights), or nil.
    public var problem: String? {
        if entries.isEmpty { return "expected at least one mode with a weight" }
        if let bad = entries.first(where: { !($0.weight >= 0) || !$0.weight.isFinite }) {
            return "weight of \(bad.mode.rawValue) must be a non-negative number, got \(bad.weight)"
        }
        if entries.reduce(0, { $0 + $1.weight }) <= 0 { return "the weights add up to zero" }
        return nil
    }

    /// One mode, consuming one uniform draw.
    public func draw(using generator: inout SeededGenerator) -> ConditionMode {
        let total = entries.reduce(0) { $0 + $1.weight }
        let u = generator.nextUniform() * total
        var cumulative = 0.0
        for entry in entries {
            cumulative += entry.weight
            if u < cumulative { return entry.mode }
        }
        return entries.last!.mode
    }
}

/// Builds the model's condition input for a batch of latents `[B, C, T, H, W]`.
public enum VisualCondition {
    /// `concat(mask, mask ⊙ latent)` along channels, `[B, C + 1, T, H, W]`, where the mask is 1 on
    /// each sample's conditioned frames. (The masked latent is the latent's own frame: with a
    /// per-frame autoencoder that equals encoding the frame separately, as Open-Sora does.)
    public static func build(latent: Tensor, conditionedFrames: [[Int]]) -> Tensor {
        let (batch, channels, frames) = (latent.shape[0], latent.shape[1], latent.shape[2])
        let plane = latent.shape[3] * latent.shape[4]
        precondition(conditionedFrames.count == batch, "one frame list per sample")
        var condition = Tensor(shape: [batch, channels + 1, frames, latent.shape[3], latent.shape[4]])
        condition.data.withUnsafeMutableBufferPointer { out in
            latent.data.withUnsafeBufferPointer { x in
                for b in 0..<batch {
                    for f in conditionedFrames[b] where f >= 0 && f < frames {
                        let maskBase = ((b * (channels + 1)) * frames + f) * plane
                        for i in 0..<plane { out[maskBase + i] = 1 }
                        for c in 0..<channels {
                            let source = ((b * channels + c) * frames + f) * plane
                            let target = ((b * (channels + 1) + 1 + c) * frames + f) * plane
                            (out.baseAddress! + target).update(from: x.baseAddress! + source, count: plane)
                        }
                    }
                }
            }
        }
        return condition
    }
}
