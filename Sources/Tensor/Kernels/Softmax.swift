/// Row-wise softmax over the last dimension, with an optional per-column validity mask
/// (masked entries get probability 0; a row with no valid entry becomes all zeros).
public enum Softmax {
    /// In place over `rows` rows of `n` values at `values`. `valid`, when given, has `n` entries.
    @inline(__always)
    public static func rows(
        _ values: UnsafeMutablePointer<Float>, rows: Int, n: Int, valid: UnsafePointer<Bool>? = nil
    ) {
        guard let valid else {
            for row in 0..<rows { unmaskedRow(values + row * n, n) }
            return
        }
        // Masked keys are few (a caption's padding): list them once, then every row takes the
        // vectorised unmasked path with those entries at −∞ going in and exactly 0 coming out.
        // (Testing the flag per entry kept the loops scalar: half of a video training step.)
        withUnsafeTemporaryAllocation(of: Int.self, capacity: n) { masked in
            var count = 0
            for j in 0..<n where !valid[j] {
                masked[count] = j
                count += 1
            }
            if count == n {
                (values).update(repeating: 0, count: rows * n)
                return
            }
            for row in 0..<rows {
                let line = values + row * n
                for index in 0..<count { line[masked[index]] = -.infinity }
                unmaskedRow(line, n)
                for index in 0..<count { line[masked[index]] = 0 }
            }
        }
    }

    @inline(__always)
    static func unmaskedRow(_ line: UnsafeMutablePointer<Float>, _ n: Int) {
        let maximum = VectorReduce.max(line, n)
        for j in 0..<n { line[j] = FastMath.exp(line[j] - maximum) }
        let inverse = 1 / VectorReduce.sum(line, n)
        for j in 0..<n { line[j] *= inverse }
    }

    /// Turns `gradient` (dL/dp, in place) into dL/dx given the probabilities `p`, then scales by
    /// `scale`: dx = scale · p ⊙ (dp − Σ p·dp). Masked entries have p = 0 and so get 0.
    @inline(__always)
    public static func backwardRows(
        probabilities p: UnsafePointer<Float>, gradient: UnsafeMutablePointer<Float>,
        rows: Int, n: Int, scale: Float = 1
    ) {
        for row in 0..<rows {
            let pl = p + row * n
            let gl = gradient + row * n
            let dot = VectorReduce.dot(pl, gl, n)
            for j in 0..<n { gl[j] = scale * pl[j] * (gl[j] - dot) }
        }
    }
}

extension Softmax {
    /// `backwardRows` with each row's Σ p·dp already known (`rowDots`, one per row): attention
    /// gets it as dO·O, a head's worth of products instead of a row's worth.
    @inline(__always)
    public static func backwardRows(
        probabilities p: UnsafePointer<Float>, gradient: UnsafeMutablePointer<Float>,
        rows: Int, n: Int, rowDots: UnsafePointer<Float>, scale: Float
    ) {
        for row in 0..<rows {
            let (pl, gl, dot) = (p + row * n, gradient + row * n, rowDots[row])
            for j in 0..<n { gl[j] = scale * pl[j] * (gl[j] - dot) }
        }
    }
}

extension Tensor {
    /// Softmax over the last dimension.
    public func softmax() -> Tensor {
        var out = self
        let (rows, n) = (rowCount, lastDimension)
        out.data.withUnsafeMutableBufferPointer { Softmax.rows($0.baseAddress!, rows: rows, n: n) }
        return out
    }

    /// `dL/dx` of softmax over the last dimension given its output `self` and `dL/dy`.
    public func softmaxBackward(outputGradient: Tensor) -> Tensor {
        var gradient = outputGradient
        let (rows, n) = (rowCount, lastDimension)
        data.withUnsafeBufferPointer { p in
            gradient.data.withUnsafeMutableBufferPointer { g in
                Softmax.backwardRows(probabilities: p.baseAddress!, gradient: g.baseAddress!, rows: rows, n: n)
            }
        }
        return gradient
    }
}
