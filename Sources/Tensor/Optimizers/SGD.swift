/// Stochastic gradient descent with momentum, as `torch.optim.SGD` with dampening 0:
///   g ← g + wd·p
///   b ← g on the first step, else b·μ + g
///   g ← g + μ·b (Nesterov) or b
///   p ← p − lr·g
/// Without momentum (μ = 0) there is no buffer and p ← p − lr·g.
public struct SGD: Optimizer {
    public struct Settings: Sendable, Equatable {
        public var momentum: Double
        public var nesterov: Bool
        public var weightDecay: Double

        public init(momentum: Double = 0, nesterov: Bool = false, weightDecay: Double = 0) {
            precondition(!nesterov || momentum > 0, "Nesterov momentum requires a momentum")
            self.momentum = momentum
            self.nesterov = nesterov
            self.weightDecay = weightDecay
        }
    }

    static let kind = "SGD"
    static let slots = ["momentum_buffer"]

    public let names: [String]
    public var settings: Settings
    public private(set) var stepCount = 0
    /// Momentum buffers, parallel to `names`; meaningful once `stepCount > 0`.
    public private(set) var momentumBuffers: [Tensor]

    public init(names: [String], shapes: [[Int]], settings: Settings = Settings()) {
        precondition(names.count == shapes.count, "\(names.count) names for \(shapes.count) shapes")
        precondition(Set(names).count == names.count, "duplicate parameter names")
        self.names = names
        self.settings = settings
        momentumBuffers = shapes.map { Tensor(shape: $0) }
    }

    private var usesMomentum: Bool { settings.momentum != 0 }

    public mutating func step(parameters: inout [Tensor], gradients: [Tensor], learningRate: Float) {
        OptimizerState.checkStep(names: names, parameters: parameters, gradients: gradients)
        let first = stepCount == 0
        stepCount += 1
        let momentum = Float(settings.momentum)
        let weightDecay = Float(settings.weightDecay)
        let decays = settings.weightDecay != 0
        let nesterov = settings.nesterov
        let usesMomentum = usesMomentum
        let negativeLR = -learningRate
        for index in parameters.indices {
            parameters[index].data.withUnsafeMutableBufferPointer { p in
            momentumBuffers[index].data.withUnsafeMutableBufferPointer { b in
            gradients[index].data.withUnsafeBufferPointer { grad in
                for i in 0..<p.count {
                    var g = grad[i]
                    if decays { g = g + weightDecay * p[i] }
                    if usesMomentum {
                        b[i] = first ? g : b[i] * momentum + g
                        g = nesterov ? g + momentum * b[i] : b[i]
                    }
                    p[i] = p[i] + negativeLR * g
                }
            }
            }
            }
        }
    }

    public func state() -> SafetensorsFile {
        var file = SafetensorsFile(metadata: OptimizerState.metadata(kind: Self.kind, stepCount: stepCount, settings: [
            "momentum": String(settings.momentum), "nesterov": String(settings.nesterov),
            "weight_decay": String(settings.weightDecay),
        ]))
        if usesMomentum {
            for (index, name) in names.enumerated() { file.tensors["\(name).momentum_buffer"] = momentumBuffers[index] }
        }
        return file
    }

    public mutating func restore(from state: SafetensorsFile) throws {
        let count = try OptimizerState.stepCount(of: state, kind: Self.kind)
        try OptimizerState.checkNoStrangers(state, names: names, slots: Self.slots)
        var buffers = momentumBuffers
        if usesMomentum {
            for (index, name) in names.enumerated() {
                let tensor = try OptimizerState.slot("momentum_buffer", of: name, in: state)
                guard tensor.shape == buffers[index].shape else {
                    throw OptimizerStateError("the optimizer state's '\(name).momentum_buffer' has shape \(tensor.shape); the parameter has \(buffers[index].shape)")
                }
                buffers[index] = tensor
            }
        }
        momentumBuffers = buffers
        stepCount = count
    }
}
