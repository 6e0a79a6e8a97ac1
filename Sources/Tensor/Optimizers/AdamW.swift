import Foundation

/// Adam with decoupled weight decay, as `torch.optim.AdamW` (single-tensor CPU path) and
/// ColossalAI's `HybridAdam(adamw_mode=True)` (Open-Sora's optimizer; `HybridAdam` is its alias in
/// our configs). With `adamwMode == false` it is `torch.optim.Adam`: the decay is an L2 term added to
/// the gradient (`HybridAdam(adamw_mode=False)`).
///
/// Per element, for step t (1-based), in PyTorch's order of operations:
///   g ← g + wd·p                              (L2 mode only)
///   p ← p·(1 − lr·wd)                         (AdamW mode only)
///   m ← m + (1 − β1)·(g − m)                  (torch's lerp)
///   v ← v·β2 + (1 − β2)·g·g
///   p ← p − lr/(1 − β1^t) · m / (√v / √(1 − β2^t) + ε)
/// Scalars (bias corrections, step size, decay factor) are computed in Double, as Python does,
/// and rounded to Float once; the elementwise arithmetic is Float32.
public struct AdamW: Optimizer {
    public struct Settings: Sendable, Equatable {
        public var beta1: Double
        public var beta2: Double
        public var eps: Double
        public var weightDecay: Double
        /// true: decoupled decay (AdamW); false: L2 decay added to the gradient (Adam).
        public var adamwMode: Bool

        /// Defaults are PyTorch's AdamW except `weightDecay` (torch: 0.01), which defaults to 0 as in
        /// ColossalAI's HybridAdam and Open-Sora's configs.
        public init(beta1: Double = 0.9, beta2: Double = 0.999, eps: Double = 1e-8, weightDecay: Double = 0, adamwMode: Bool = true) {
            self.beta1 = beta1
            self.beta2 = beta2
            self.eps = eps
            self.weightDecay = weightDecay
            self.adamwMode = adamwMode
        }
    }

    static let kind = "AdamW"
    static let slots = ["exp_avg", "exp_avg_sq"]

    public let names: [String]
    public var settings: Settings
    public private(set) var stepCount = 0
    /// First and second moments, parallel to `names`.
    public private(set) var expAvg: [Tensor]
    public private(set) var expAvgSq: [Tensor]

    /// An optimizer for parameters called `names` with the given shapes; moments start at zero.
    public init(names: [String], shapes: [[Int]], settings: Settings = Settings()) {
        precondition(names.count == shapes.count, "\(names.count) names for \(shapes.count) shapes")
        precondition(Set(names).count == names.count, "duplicate parameter names")
        self.names = names
        self.settings = settings
        expAvg = shapes.map { Tensor(shape: $0) }
        expAvgSq = shapes.map { Tensor(shape: $0) }
    }

    public mutating func step(parameters: inout [Tensor], gradients: [Tensor], learningRate: Float) {
        OptimizerState.checkStep(names: names, parameters: parameters, gradients: gradients)
        stepCount += 1
        let lr = Double(learningRate)
        let t = Double(stepCount)
        let biasCorrection1 = 1 - pow(settings.beta1, t)
        let biasCorrection2 = 1 - pow(settings.beta2, t)
        let stepSize = Float(lr / biasCorrection1)
        let biasCorrection2Sqrt = Float(biasCorrection2.squareRoot())
        let decoupled = settings.adamwMode && settings.weightDecay != 0
        let l2 = !settings.adamwMode && settings.weightDecay != 0
        let decayFactor = Float(1 - lr * settings.weightDecay)
        let weightDecay = Float(settings.weightDecay)
        let oneMinusBeta1 = Float(1 - settings.beta1)
        let beta2 = Float(settings.beta2)
        let oneMinusBeta2 = Float(1 - settings.beta2)
        let eps = Float(settings.eps)

        for index in parameters.indices {
            parameters[index].data.withUnsafeMutableBufferPointer { p in
            expAvg[index].data.withUnsafeMutableBufferPointer { m in
            expAvgSq[index].data.withUnsafeMutableBufferPointer { v in
            gradients[index].data.withUnsafeBufferPointer { grad in
                for i in 0..<p.count {
                    var g = grad[i]
                    if l2 { g = g + weightDecay * p[i] }
                    if decoupled { p[i] = p[i] * decayFactor }
                    m[i] = m[i] + oneMinusBeta1 * (g - m[i])
                    v[i] = v[i] * beta2 + oneMinusBeta2 * g * g
                    let denom = v[i].squareRoot() / biasCorrection2Sqrt + eps
                    p[i] = p[i] + -stepSize * (m[i] / denom)
                }
            }
            }
            }
            }
        }
    }

    public func state() -> SafetensorsFile {
        var file = SafetensorsFile(metadata: OptimizerState.metadata(kind: Self.kind, stepCount: stepCount, settings: [
            "beta1": String(settings.beta1), "beta2": String(settings.beta2), "eps": String(settings.eps),
            "weight_decay": String(settings.weightDecay), "adamw_mode": String(settings.adamwMode),
        ]))
        for (index, name) in names.enumerated() {
            file.tensors["\(name).exp_avg"] = expAvg[index]
            file.tensors["\(name).exp_avg_sq"] = expAvgSq[index]
        }
        return file
    }

    /// Restores moments and step count. The settings stay as configured: as Open-Sora resets lr and
    /// eps from the config on resume, the config wins over the checkpoint.
    public mutating func restore(from state: SafetensorsFile) throws {
        let count = try OptimizerState.stepCount(of: state, kind: Self.kind)
        try OptimizerState.checkNoStrangers(state, names: names, slots: Self.slots)
        var first = expAvg, second = expAvgSq
        for (index, name) in names.enumerated() {
            first[index] = try OptimizerState.slot("exp_avg", of: name, in: state)
            second[index] = try OptimizerState.slot("exp_avg_sq", of: name, in: state)
            for (slot, tensor) in [("exp_avg", first[index]), ("exp_avg_sq", second[index])] where tensor.shape != expAvg[index].shape {
                throw OptimizerStateError("the optimizer state's '\(name).\(slot)' has shape \(tensor.shape); the parameter has \(expAvg[index].shape)")
            }
        }
        expAvg = first
        expAvgSq = second
        stepCount = count
    }
}
