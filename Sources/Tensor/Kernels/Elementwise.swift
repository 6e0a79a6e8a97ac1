/// Elementwise arithmetic. Each operation allocates its result once and runs one vectorisable loop
/// (split over the threads for large tensors).
extension Tensor {
    /// Elementwise maps over fewer elements than this stay on one thread.
    static let parallelElementThreshold = 1 << 16

    /// Calls `body(range)` over `0..<count`, split over the threads when `count` is large, at
    /// multiples of `granularity` (whole rows, say; by default whole cache lines). A split never
    /// depends on the thread count below the granularity, so sums kept within one granule come
    /// out the same at any thread count.
    @inline(__always)
    public static func elementRanges(_ count: Int, granularity: Int = 4096, _ body: (Range<Int>) -> Void) {
        if count >= parallelElementThreshold && threads > 1 {
            let chunks = (count + granularity - 1) / granularity
            ParallelLoop.ranges(chunks) { range in
                body((range.lowerBound * granularity)..<min(range.upperBound * granularity, count))
            }
        } else if count > 0 {
            body(0..<count)
        }
    }

    /// `f(self[i], other[i])` for tensors of equal shape.
    @inline(__always)
    public func zipMap(_ other: Tensor, _ f: (Float, Float) -> Float) -> Tensor {
        precondition(shape == other.shape, "shapes differ: \(shape) and \(other.shape)")
        return Tensor(shape: shape) { out in
            data.withUnsafeBufferPointer { a in
                other.data.withUnsafeBufferPointer { b in
                    Tensor.elementRanges(out.count) { range in
                        for i in range { out[i] = f(a[i], b[i]) }
                    }
                }
            }
        }
    }

    /// `f(self[i])`.
    @inline(__always)
    public func map(_ f: (Float) -> Float) -> Tensor {
        Tensor(shape: shape) { out in
            data.withUnsafeBufferPointer { a in
                Tensor.elementRanges(out.count) { range in
                    for i in range { out[i] = f(a[i]) }
                }
            }
        }
    }

    /// `F.value(self[i])`, specialised per function (see `ElementFunction`).
    @inline(__always)
    public func map<F: ElementFunction>(_ function: F.Type) -> Tensor {
        Tensor(shape: shape) { out in
            data.withUnsafeBufferPointer { a in
                Tensor.elementRanges(out.count) { range in
                    for i in range { out[i] = F.value(a[i]) }
                }
            }
        }
    }

    /// `F.gradient(self[i], dy[i])`: the gradient through `F` at input `self`.
    @inline(__always)
    public func zipMap<F: ElementFunction>(_ dy: Tensor, _ function: F.Type) -> Tensor {
        precondition(shape == dy.shape, "shapes differ: \(shape) and \(dy.shape)")
        return Tensor(shape: shape) { out in
            data.withUnsafeBufferPointer { a in
                dy.data.withUnsafeBufferPointer { b in
                    Tensor.elementRanges(out.count) { range in
                        for i in range { out[i] = F.gradient(a[i], b[i]) }
                    }
                }
            }
        }
    }

    public static func + (a: Tensor, b: Tensor) -> Tensor { a.zipMap(b, +) }
    public static func - (a: Tensor, b: Tensor) -> Tensor { a.zipMap(b, -) }
    public static func * (a: Tensor, b: Tensor) -> Tensor { a.zipMap(b, *) }
    public static func * (a: Tensor, s: Float) -> Tensor { a.map { $0 * s } }
    public static func * (s: Float, a: Tensor) -> Tensor { a.map { $0 * s } }

    /// `self += alpha · other` in place (equal shapes).
    public mutating func add(_ other: Tensor, scaledBy alpha: Float = 1) {
        precondition(shape == other.shape, "shapes differ: \(shape) and \(other.shape)")
        data.withUnsafeMutableBufferPointer { a in
            other.data.withUnsafeBufferPointer { b in
                Tensor.elementRanges(a.count) { range in
                    for i in range { a[i] += alpha * b[i] }
                }
            }
        }
    }

    /// `self *= s` in place.
    public mutating func scale(by s: Float) {
        data.withUnsafeMutableBufferPointer { a in
            for i in 0..<a.count { a[i] *= s }
        }
    }

    /// Sets every element to zero, keeping the storage.
    public mutating func zero() {
        data.withUnsafeMutableBufferPointer { a in
            a.update(repeating: 0)
        }
    }

    /// `self[row, j] += vector[j]` for a `[..., n]` tensor and an `[n]` vector (bias broadcast).
    public mutating func addRowVector(_ vector: Tensor) {
        let n = lastDimension
        precondition(vector.count == n, "vector of \(vector.count) for rows of \(n)")
        let rows = rowCount
        data.withUnsafeMutableBufferPointer { a in
            vector.data.withUnsafeBufferPointer { v in
                let (target, source) = (a.baseAddress!, v.baseAddress!)
                Tensor.elementRanges(rows * n, granularity: n) { range in
                    for row in (range.lowerBound / n)..<(range.upperBound / n) {
                        let line = target + row * n
                        for j in 0..<n { line[j] += source[j] }
                    }
                }
            }
        }
    }

    /// The sum of all elements, accumulated in Double.
    public func sum() -> Double {
        data.withUnsafeBufferPointer { a in
            var total = 0.0
            // Pairs of Float partial sums per block keep the loop vectorised and the error small.
            var start = 0
            while start < a.count {
                let end = min(start + 1024, a.count)
                var block: Float = 0
                for i in start..<end { block += a[i] }
                total += Double(block)
                start = end
            }
            return total
        }
    }

    /// The mean of all elements.
    public func mean() -> Double { count == 0 ? 0 : sum() / Double(count) }

    /// Sums the rows of a `[..., n]` tensor into `target` (`[n]`): `target[j] += Σ_rows self[row, j]`.
    /// This is the bias gradient of a broadcast add.
    public func accumulateColumnSums(into target: inout Tensor) {
        let n = lastDimension
        precondition(target.count == n, "target of \(target.count) for columns of \(n)")
        let rows = rowCount
        guard rows > 0 else { return }
        // target += selfᵀ · ones, one BLAS matrix-vector product (vectorised; a scalar loop over
        // rows was a twentieth of a training step).
        let ones = [Float](repeating: 1, count: rows)
        data.withUnsafeBufferPointer { a in
            target.data.withUnsafeMutableBufferPointer { t in
                ones.withUnsafeBufferPointer { o in
                    Gemm.multiplyVector(transpose: true, m: rows, n: n, a: a.baseAddress!, lda: n,
                                        x: o.baseAddress!, beta: 1, y: t.baseAddress!)
                }
            }
        }
    }

    /// The largest absolute difference to `other` (equal shapes); for tests and checks.
    public func maxAbsoluteDifference(_ other: Tensor) -> Float {
        precondition(shape == other.shape, "shapes differ: \(shape) and \(other.shape)")
        var worst: Float = 0
        for i in 0..<count { worst = Swift.max(worst, abs(data[i] - other.data[i])) }
        return worst
    }
}
