/// Branch-free `exp`, `tanh` and `sigmoid` for Float that LLVM vectorises inside loops (libm's
/// `expf`/`tanhf` are opaque calls and are not). Accuracy: `exp` within 2 ulp on [-87, 88]
/// (Cephes' range reduction and degree-6 polynomial); `tanh` within 1e-7 absolute.
public enum FastMath {
    @inline(__always)
    public static func exp(_ value: Float) -> Float {
        let x = Swift.min(Swift.max(value, -87.3), 88.7)
        let n = (x * 1.442_695_04 + 0.5).rounded(.down)
        // x - n·ln2 in two parts so r keeps full precision.
        let r = x - n * 0.693_359_375 + n * 2.121_944_4e-4
        var p: Float = 1.987_569_15e-4
        p = p * r + 1.398_199_95e-3
        p = p * r + 8.333_451_9e-3
        p = p * r + 4.166_579_59e-2
        p = p * r + 1.666_666_55e-1
        p = p * r + 5.000_000_12e-1
        let y = p * r * r + r + 1
        let bits = UInt32(truncatingIfNeeded: Int32(n) + 127) << 23
        return y * Float(bitPattern: bits)
    }

    @inline(__always)
    public static func tanh(_ x: Float) -> Float {
        // tanh(x) = 1 − 2 / (e^{2x} + 1); saturates correctly through exp's clamp.
        1 - 2 / (exp(2 * x) + 1)
    }

    @inline(__always)
    public static func sigmoid(_ x: Float) -> Float {
        1 / (1 + exp(-x))
    }
}
