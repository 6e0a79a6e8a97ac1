/// Branch-free `exp`, `tanh` and `sigmoid` for Float that LLVM vectorises inside loops (libm's
/// `expf`/`tanhf` are opaque calls and are not). Accuracy: `exp` within 2 ulp on [-87, 88]
/// (Cephes' range reduction and degree-6 polynomial); `tanh` within 1e-7 absolute.
public enum FastMath {
    @inline(__always)
    public static func exp(_ value: Float) -> Float {
        let x = Swift.min(Swift.max(value, -87.3), 88.7)
        // n = round(x / ln2) by the 1.5·2²³ trick: after the add, the low mantissa bits of `shifted`
        // hold n as an integer. Plain float arithmetic and wrapping integer ops (no trapping
        // Float→Int conversion, no libm call), so loops over it vectorise.
        let shifted = x * 1.442_695_04 + 12_582_912
        let n = shifted - 12_582_912
        // x - n·ln2 in two parts so r keeps full precision.
        let r = x - n * 0.693_359_375 + n * 2.121_944_4e-4
        var p: Float = 1.987_569_15e-4
        p = p * r + 1.398_199_95e-3
        p = p * r + 8.333_451_9e-3
        p = p * r + 4.166_579_59e-2
        p = p * r + 1.666_666_55e-1
        p = p * r + 5.000_000_12e-1
        let y = p * r * r + r + 1
        let bits = (shifted.bitPattern &- 0x4B40_0000 &+ 127) << 23
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

/// Reductions written with 8-lane SIMD partial results: strict floating point forbids the compiler
/// to reorder a scalar `+=` loop, so it would never vectorise one by itself.
public enum VectorReduce {
    @inline(__always)
    public static func sum(_ p: UnsafePointer<Float>, _ n: Int) -> Float {
        var lanes = SIMD8<Float>(repeating: 0)
        var i = 0
        let raw = UnsafeRawPointer(p)
        while i + 8 <= n {
            lanes += raw.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
            i += 8
        }
        var total = lanes.sum()
        while i < n { total += p[i]; i += 1 }
        return total
    }

    @inline(__always)
    public static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ n: Int) -> Float {
        var lanes = SIMD8<Float>(repeating: 0)
        var i = 0
        let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b)
        while i + 8 <= n {
            lanes += ra.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
                * rb.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
            i += 8
        }
        var total = lanes.sum()
        while i < n { total += a[i] * b[i]; i += 1 }
        return total
    }

    @inline(__always)
    public static func max(_ p: UnsafePointer<Float>, _ n: Int) -> Float {
        // Eight independent running maxima (the generic `pointwiseMax` is not inlined and was a
        // tenth of a training step in perf).
        var m = (p[0], p[0], p[0], p[0], p[0], p[0], p[0], p[0])
        var i = 0
        while i + 8 <= n {
            m.0 = Swift.max(m.0, p[i]); m.1 = Swift.max(m.1, p[i + 1])
            m.2 = Swift.max(m.2, p[i + 2]); m.3 = Swift.max(m.3, p[i + 3])
            m.4 = Swift.max(m.4, p[i + 4]); m.5 = Swift.max(m.5, p[i + 5])
            m.6 = Swift.max(m.6, p[i + 6]); m.7 = Swift.max(m.7, p[i + 7])
            i += 8
        }
        var best = Swift.max(Swift.max(Swift.max(m.0, m.1), Swift.max(m.2, m.3)), Swift.max(Swift.max(m.4, m.5), Swift.max(m.6, m.7)))
        while i < n { best = Swift.max(best, p[i]); i += 1 }
        return best
    }
}
