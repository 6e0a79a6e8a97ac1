/// Activation functions with their derivatives. GELU is the tanh approximation, PyTorch's
/// `gelu(approximate='tanh')` (the variant DiT, PixArt and Open-Sora's MLPs use).
public enum Activation {
    private static let geluScale: Float = 0.797_884_56  // sqrt(2/π)
    private static let geluCubic: Float = 0.044_715

    /// GELU (tanh approximation) of `x`.
    public static func gelu(_ x: Tensor) -> Tensor {
        x.map { v in
            let u = geluScale * (v + geluCubic * v * v * v)
            return 0.5 * v * (1 + FastMath.tanh(u))
        }
    }

    /// `dL/dx` of GELU given its input `x` and `dL/dy`.
    public static func geluBackward(input x: Tensor, outputGradient dy: Tensor) -> Tensor {
        x.zipMap(dy) { v, g in
            let v2 = v * v
            let th = FastMath.tanh(geluScale * (v + geluCubic * v2 * v))
            let derivative = 0.5 * (1 + th) + 0.5 * v * (1 - th * th) * geluScale * (1 + 3 * geluCubic * v2)
            return g * derivative
        }
    }

    /// SiLU, `x · sigmoid(x)`.
    public static func silu(_ x: Tensor) -> Tensor {
        x.map { v in v * FastMath.sigmoid(v) }
    }

    /// `dL/dx` of SiLU given its input and `dL/dy`.
    public static func siluBackward(input x: Tensor, outputGradient dy: Tensor) -> Tensor {
        x.zipMap(dy) { v, g in
            let s = FastMath.sigmoid(v)
            return g * s * (1 + v * (1 - s))
        }
    }
}
