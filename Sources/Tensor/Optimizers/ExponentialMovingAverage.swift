/// An exponential moving average of the weights, as Open-Sora's `update_ema`
/// (opensora/utils/train.py): for every trainable parameter except `pos_embed`,
///   ema ← ema·decay + (1 − decay)·p
/// in Float32 (torch's `mul_(decay).add_(p, alpha=1 - decay)`, the scalars rounded to Float).
/// The average starts as a copy of the weights. Open-Sora calls it after every micro-step, also
/// those that only accumulate gradients; the trainer decides (see `GradientAccumulator`).
public struct ExponentialMovingAverage: Sendable, Equatable {
    public let names: [String]
    public var decay: Double
    /// Parameters the average copies once and never updates (Open-Sora skips `pos_embed`).
    public let frozen: Set<String>
    /// The averaged weights, parallel to `names`.
    public private(set) var weights: [Tensor]

    public init(names: [String], initialWeights: [Tensor], decay: Double, frozen: Set<String> = ["pos_embed"]) {
        precondition(names.count == initialWeights.count, "\(names.count) names for \(initialWeights.count) weights")
        self.names = names
        self.decay = decay
        self.frozen = frozen
        weights = initialWeights
    }

    public mutating func update(from parameters: [Tensor]) {
        precondition(parameters.count == weights.count, "EMA over \(weights.count) weights got \(parameters.count)")
        let keep = Float(decay)
        let take = Float(1 - decay)
        for index in weights.indices where !frozen.contains(names[index]) {
            precondition(parameters[index].shape == weights[index].shape, "shape of '\(names[index])' changed")
            weights[index].data.withUnsafeMutableBufferPointer { ema in
                parameters[index].data.withUnsafeBufferPointer { p in
                    for i in 0..<ema.count { ema[i] = ema[i] * keep + take * p[i] }
                }
            }
        }
    }

    /// The averaged weights by name (what Open-Sora saves as `ema.safetensors`).
    public func state() -> SafetensorsFile {
        SafetensorsFile(tensors: Dictionary(uniqueKeysWithValues: zip(names, weights)))
    }

    public mutating func restore(from state: SafetensorsFile) throws {
        var restored = weights
        for (index, name) in names.enumerated() {
            guard let tensor = state.tensors[name] else {
                throw OptimizerStateError("the EMA weights have no '\(name)'")
            }
            guard tensor.shape == weights[index].shape else {
                throw OptimizerStateError("the EMA weight '\(name)' has shape \(tensor.shape); the model has \(weights[index].shape)")
            }
            restored[index] = tensor
        }
        weights = restored
    }
}
