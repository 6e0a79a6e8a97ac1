import Tensor

/// The embedding of the empty prompt, used for classifier-free dropout and guidance.
public struct NullText: Sendable, Equatable {
    /// `[L₀, text_dim]`.
    public var embedding: Tensor
    /// L₀ flags.
    public var mask: [Bool]

    public init(embedding: Tensor, mask: [Bool]) {
        precondition(embedding.rank == 2 && mask.count == embedding.shape[0] && !mask.isEmpty, "null text [L, D] with L flags")
        self.embedding = embedding
        self.mask = mask
    }

    /// The null text fitted to `length` tokens: longer ones repeat the last token (and its flag) as
    /// Open-Sora pads its null T5 embedding; shorter ones are cut.
    public func fitted(length: Int) -> (tokens: [Float], mask: [Bool]) {
        let (available, width) = (embedding.shape[0], embedding.shape[1])
        var tokens: [Float] = []
        tokens.reserveCapacity(length * width)
        var flags: [Bool] = []
        for l in 0..<length {
            let source = min(l, available - 1)
            tokens.append(contentsOf: embedding.data[(source * width)..<((source + 1) * width)])
            flags.append(mask[source])
        }
        return (tokens, flags)
    }

    /// `[B, L, D]` text with samples whose `drop` flag is set replaced by the null text.
    func replacing(in text: Tensor, mask: [Bool], drop: [Bool]) -> (Tensor, [Bool]) {
        let (batch, length, width) = (text.shape[0], text.shape[1], text.shape[2])
        let null = fitted(length: length)
        var newText = text
        var newMask = mask
        for b in 0..<batch where drop[b] {
            newText.data.replaceSubrange((b * length * width)..<((b + 1) * length * width), with: null.tokens)
            newMask.replaceSubrange((b * length)..<((b + 1) * length), with: null.mask)
        }
        return (newText, newMask)
    }
}

/// One prepared training batch: the model input, its velocity target and the loss exclusions.
public struct FlowBatch: Sendable {
    public var input: DiTInput
    public var target: Tensor
    /// Per sample, the latent frames left out of the loss (`no_i2v_ref_loss`), or nil.
    public var excludedFrames: [[Int]]?
    public var modes: [ConditionMode]
    public var textDropped: [Bool]
}

/// The training objective of a stage: rectified flow, classifier-free text dropout and i2v
/// conditioning, as Open-Sora 2.0's `prepare_inputs` and `run_iter`.
public struct FlowObjective: Sendable {
    public var flow: RectifiedFlow
    /// Probability of replacing a sample's text by the null text (`dropout_ratio.text`).
    public var textDropout: Double
    /// `condition_config`, or nil for plain t2v training.
    public var conditions: ConditionTable?
    /// Leave conditioned frames out of the loss (`no_i2v_ref_loss`).
    public var excludeConditionedFrames: Bool
    /// Patches and frames hidden under pure noise in training (`patch_mask_ratio`,
    /// `frame_mask_ratio`), or nil.
    public var patchMasking: PatchMasking?
    /// How each sample's squared error counts (`loss_weighting`), and the least weight an x0
    /// weighting gives (`loss_weight_floor`).
    public var lossWeighting: LossWeighting
    public var lossWeightFloor: Float

    public init(flow: RectifiedFlow = RectifiedFlow(), textDropout: Double = 0, conditions: ConditionTable? = nil,
                excludeConditionedFrames: Bool = false, patchMasking: PatchMasking? = nil,
                lossWeighting: LossWeighting = .velocity, lossWeightFloor: Float = 0) {
        precondition(patchMasking == nil || flow.prediction == .x0, "patch masking needs an x0 prediction")
        self.flow = flow
        self.textDropout = textDropout
        self.conditions = conditions
        self.excludeConditionedFrames = excludeConditionedFrames
        self.patchMasking = patchMasking
        self.lossWeighting = lossWeighting
        self.lossWeightFloor = lossWeightFloor
    }

    /// Prepares a batch of latents `x₀` `[B, C, T, H, W]` with one random stream per sample, each
    /// split off `generator` in sample order (see `prepare(…, sampleStreams:)`).
    public func prepare(
        latent x0: Tensor, text: Tensor, textMask: [Bool], nullText: NullText, withCondition: Bool,
        using generator: inout SeededGenerator
    ) -> FlowBatch {
        var streams = (0..<x0.shape[0]).map { _ in generator.split() }
        return prepare(latent: x0, text: text, textMask: textMask, nullText: nullText, withCondition: withCondition,
                       sampleStreams: &streams)
    }

    /// Draws everything random for one batch of latents `x₀` `[B, C, T, H, W]`: sample b draws
    /// from `sampleStreams[b]` only, in this order: one normal for its timestep; one uniform for
    /// text dropout (when the ratio is > 0); one draw for its condition mode (when a table is set);
    /// then its noise, C·T·H·W normals; then, with patch masking, the draws `PatchMasking.hide`
    /// lists. Per-sample streams make a sample's draws independent of which batch (and which
    /// data-parallel rank) it lands in, so 2 ranks × batch b train exactly what 1 rank × batch 2b
    /// trains. `withCondition` says whether the model takes the condition
    /// input (`cond_embed`).
    public func prepare(
        latent x0: Tensor, text: Tensor, textMask: [Bool], nullText: NullText, withCondition: Bool,
        sampleStreams streams: inout [SeededGenerator]
    ) -> FlowBatch {
        let (batch, frames, height, width) = (x0.shape[0], x0.shape[2], x0.shape[3], x0.shape[4])
        precondition(streams.count == batch, "one random stream per sample")
        let timesteps = (0..<batch).map {
            flow.sampleTimesteps(count: 1, frames: frames, height: height, width: width, using: &streams[$0])[0]
        }
        let drop = (0..<batch).map { textDropout > 0 && streams[$0].nextUniform() < textDropout }
        let modes = (0..<batch).map { conditions?.draw(using: &streams[$0]) ?? .t2v }
        let perSample = x0.count / max(batch, 1)
        let noise = Tensor(shape: x0.shape) { buffer in
            for b in 0..<batch {
                for i in (b * perSample)..<((b + 1) * perSample) { buffer[i] = Float(streams[b].nextNormal()) }
            }
        }
        let (droppedText, droppedMask) = nullText.replacing(in: text, mask: textMask, drop: drop)
        let conditioned = modes.map { $0.conditionedFrames(frames: frames) }
        var noised = flow.noised(data: x0, noise: noise, timesteps: timesteps)
        let target: Tensor
        if let patchMasking {
            // Hidden patches lead from their noise to x₀: the velocity x₀ implies at each x_t.
            patchMasking.hide(in: &noised, noise: noise, using: &streams)
            target = flow.velocity(fromOutput: x0, latent: noised, timesteps: timesteps)
        } else {
            target = flow.velocity(data: x0, noise: noise)
        }
        let input = DiTInput(
            latent: noised, timesteps: timesteps, text: droppedText, textMask: droppedMask,
            condition: withCondition ? VisualCondition.build(latent: x0, conditionedFrames: conditioned) : nil)
        return FlowBatch(input: input, target: target,
                         excludedFrames: excludeConditionedFrames ? conditioned : nil, modes: modes, textDropped: drop)
    }

    /// Forward, loss and backward for one batch: accumulates the gradients into `model`
    /// (scaled by `lossScale`, e.g. 1/accumulation_steps) and returns the unscaled loss. The loss
    /// compares velocities whatever the model predicts (JiT's "v-loss" for an x₀ prediction).
    public func lossAndGradients(model: inout DiT, batch: FlowBatch, lossScale: Float = 1) -> Double {
        let (output, cache) = model(batch.input)
        let velocity = flow.velocity(fromOutput: output, latent: batch.input.latent, timesteps: batch.input.timesteps)
        var (loss, gradient) = FlowLoss.meanSquaredError(
            prediction: velocity, target: batch.target, excludedFrames: batch.excludedFrames,
            sampleWeights: lossWeighting.sampleWeights(timesteps: batch.input.timesteps, flow: flow, floor: lossWeightFloor))
        if lossScale != 1 { gradient.scale(by: lossScale) }
        model.backward(cache: cache, outputGradient: flow.outputGradient(fromVelocityGradient: gradient, timesteps: batch.input.timesteps))
        return loss
    }
}
