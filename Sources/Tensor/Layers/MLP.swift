/// Two linear layers with an activation between them: `fc2(act(fc1(x)))`. With GELU (tanh
/// approximation) it is the transformer feed-forward block of DiT (`timm`'s `Mlp` with
/// `approx_gelu`); with SiLU it is DiT's timestep embedder MLP.
public struct MLP: Layer, Sendable {
    public enum Nonlinearity: Sendable { case gelu, silu }

    public var fc1: Linear
    public var fc2: Linear
    public let activation: Nonlinearity

    public struct Cache: Sendable {
        public var input: Tensor
        public var hidden: Tensor      // fc1 output, before the activation
        public var activated: Tensor   // activation output, fc2 input
    }

    /// Xavier-uniform weights, or normal(0, `normalStd`) weights when given (DiT's embedders).
    public init(
        _ features: Int, hidden: Int, output: Int? = nil, activation: Nonlinearity = .gelu,
        normalStd: Float? = nil, using generator: inout SeededGenerator
    ) {
        self.activation = activation
        if let normalStd {
            fc1 = Linear(weight: .normal(shape: [hidden, features], std: normalStd, using: &generator), bias: Tensor(shape: [hidden]))
            fc2 = Linear(weight: .normal(shape: [output ?? features, hidden], std: normalStd, using: &generator), bias: Tensor(shape: [output ?? features]))
        } else {
            fc1 = Linear(features, hidden, using: &generator)
            fc2 = Linear(hidden, output ?? features, using: &generator)
        }
    }

    public mutating func visitParameters(_ visit: (String, inout Tensor, inout Tensor) -> Void) {
        Self.visit(&fc1, prefix: "fc1", visit)
        Self.visit(&fc2, prefix: "fc2", visit)
    }

    public func callAsFunction(_ x: Tensor) -> (Tensor, Cache) {
        let hidden = fc1(x)
        let activated = activation == .gelu ? Activation.gelu(hidden) : Activation.silu(hidden)
        return (fc2(activated), Cache(input: x, hidden: hidden, activated: activated))
    }

    public mutating func backward(cache: Cache, outputGradient dy: Tensor) -> Tensor {
        let dActivated = fc2.backward(input: cache.activated, outputGradient: dy)
        let dHidden = activation == .gelu
            ? Activation.geluBackward(input: cache.hidden, outputGradient: dActivated)
            : Activation.siluBackward(input: cache.hidden, outputGradient: dActivated)
        return fc1.backward(input: cache.input, outputGradient: dHidden)
    }
}
