/// Two linear layers with GELU (tanh approximation) between them: `fc2(gelu(fc1(x)))`, the
/// transformer feed-forward block of DiT (`timm`'s `Mlp` with `approx_gelu`).
public struct MLP: Layer, Sendable {
    public var fc1: Linear
    public var fc2: Linear

    public struct Cache: Sendable {
        var input: Tensor
        var hidden: Tensor      // fc1 output, before GELU
        var activated: Tensor   // GELU output, fc2 input
    }

    public init(_ features: Int, hidden: Int, output: Int? = nil, using generator: inout SeededGenerator) {
        fc1 = Linear(features, hidden, using: &generator)
        fc2 = Linear(hidden, output ?? features, using: &generator)
    }

    public mutating func visitParameters(_ visit: (String, inout Tensor, inout Tensor) -> Void) {
        Self.visit(&fc1, prefix: "fc1", visit)
        Self.visit(&fc2, prefix: "fc2", visit)
    }

    public func callAsFunction(_ x: Tensor) -> (Tensor, Cache) {
        let hidden = fc1(x)
        let activated = Activation.gelu(hidden)
        return (fc2(activated), Cache(input: x, hidden: hidden, activated: activated))
    }

    public mutating func backward(cache: Cache, outputGradient dy: Tensor) -> Tensor {
        let dActivated = fc2.backward(input: cache.activated, outputGradient: dy)
        let dHidden = Activation.geluBackward(input: cache.hidden, outputGradient: dActivated)
        return fc1.backward(input: cache.input, outputGradient: dHidden)
    }
}
