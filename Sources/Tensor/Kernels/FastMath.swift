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
        // Products and sums fused (`addingProduct`, one FMA instruction each where the CPU has
        // them): half the instructions of the polynomial, and one rounding instead of two.
        let shifted = (12_582_912 as Float).addingProduct(x, 1.442_695_04)
        let n = shifted - 12_582_912
        // x - n·ln2 in two parts so r keeps full precision.
        let r = x.addingProduct(n, -0.693_359_375).addingProduct(n, 2.121_944_4e-4)
        var p: Float = 1.987_569_15e-4
        p = (1.398_199_95e-3 as Float).addingProduct(p, r)
        p = (8.333_451_9e-3 as Float).addingProduct(p, r)
        p = (4.166_579_59e-2 as Float).addingProduct(p, r)
        p = (1.666_666_55e-1 as Float).addingProduct(p, r)
        p = (5.000_000_12e-1 as Float).addingProduct(p, r)
        let y = 1 + r.addingProduct(p * r, r)
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
        // On order-preserving integer keys: an integer maximum is a reduction LLVM vectorises
        // (a float one it may not reorder), and the loop stays free of lane shuffles (eight
        // scalar running maxima compiled to 4-lane inserts and masked moves, a quarter of the
        // softmax in perf).
        var best = Int32.min
        for i in 0..<n { best = Swift.max(best, orderKey(p[i])) }
        return n == 0 ? -.infinity : Float(bitPattern: UInt32(bitPattern: orderKey(inverse: best)))
    }

    /// A signed integer whose order is the order of the (non-NaN) floats: non-negative floats
    /// keep their bits, negative ones have all but the sign bit flipped.
    @inline(__always)
    static func orderKey(_ value: Float) -> Int32 {
        let bits = Int32(bitPattern: value.bitPattern)
        return bits ^ ((bits >> 31) & 0x7FFF_FFFF)
    }

    /// The bits of the float whose `orderKey` is `key` (the map is its own inverse).
    @inline(__always)
    static func orderKey(inverse key: Int32) -> Int32 { key ^ ((key >> 31) & 0x7FFF_FFFF) }
}
