/// Activation functions with their derivatives. GELU is the tanh approximation, PyTorch's
/// `gelu(approximate='tanh')` (the variant DiT, PixArt and Open-Sora's MLPs use).
///
/// Each formula is a type's static function rather than a closure: the elementwise loop is then
/// specialised per formula, inlined and vectorised. (Passed as a closure, the formula stayed one
/// indirect call per element, and GELU was a sixth of a video training step in perf.)
public enum Activation {
    fileprivate static let geluScale: Float = 0.797_884_56  // sqrt(2/π)
    fileprivate static let geluCubic: Float = 0.044_715

    /// GELU (tanh approximation) of `x`.
    public static func gelu(_ x: Tensor) -> Tensor { x.map(GELU.self) }

    /// `dL/dx` of GELU given its input `x` and `dL/dy`.
    public static func geluBackward(input x: Tensor, outputGradient dy: Tensor) -> Tensor {
        x.zipMap(dy, GELU.self)
    }

    /// SiLU, `x · sigmoid(x)`.
    public static func silu(_ x: Tensor) -> Tensor { x.map(SiLU.self) }

    /// `dL/dx` of SiLU given its input and `dL/dy`.
    public static func siluBackward(input x: Tensor, outputGradient dy: Tensor) -> Tensor {
        x.zipMap(dy, SiLU.self)
    }
}

/// A function of one float with its derivative, for `Tensor.map` and `Tensor.zipMap`.
public protocol ElementFunction {
    /// f(x).
    static func value(_ x: Float) -> Float
    /// dy · f′(x).
    static func gradient(_ x: Float, _ dy: Float) -> Float
}

enum GELU: ElementFunction {
    @inline(__always)
    static func value(_ v: Float) -> Float {
        let u = Activation.geluScale * (v + Activation.geluCubic * v * v * v)
        return 0.5 * v * (1 + FastMath.tanh(u))
    }

    @inline(__always)
    static func gradient(_ v: Float, _ g: Float) -> Float {
        let v2 = v * v
        let th = FastMath.tanh(Activation.geluScale * (v + Activation.geluCubic * v2 * v))
        let derivative = 0.5 * (1 + th) + 0.5 * v * (1 - th * th) * Activation.geluScale * (1 + 3 * Activation.geluCubic * v2)
        return g * derivative
    }
}

enum SiLU: ElementFunction {
    @inline(__always)
    static func value(_ v: Float) -> Float { v * FastMath.sigmoid(v) }

    @inline(__always)
    static func gradient(_ v: Float, _ g: Float) -> Float {
        let s = FastMath.sigmoid(v)
        return g * s * (1 + v * (1 - s))
    }
}
