/// Layer normalisation over the last dimension, with or without an elementwise affine
/// (`weight` [n], `bias` [n]), as PyTorch's `nn.LayerNorm(n, elementwise_affine:, eps:)`.
public struct LayerNorm: Layer, Sendable {
    public var weight: Tensor?
    public var bias: Tensor?
    public var weightGradient: Tensor?
    public var biasGradient: Tensor?
    public let features: Int
    public let epsilon: Float

    /// What the backward pass needs: the normalised input and each row's 1/σ.
    public struct Cache: Sendable {
        public var normalized: Tensor
        public var inverseStd: [Float]
    }

    public init(_ features: Int, affine: Bool = true, epsilon: Float = 1e-5) {
        self.features = features
        self.epsilon = epsilon
        if affine {
            weight = Tensor(shape: [features], repeating: 1)
            bias = Tensor(shape: [features])
            weightGradient = Tensor(shape: [features])
            biasGradient = Tensor(shape: [features])
        }
    }

    public mutating func visitParameters(_ visit: (String, inout Tensor, inout Tensor) -> Void) {
        if weight != nil {
            visit("weight", &weight!, &weightGradient!)
            visit("bias", &bias!, &biasGradient!)
        }
    }

    public func callAsFunction(_ x: Tensor) -> (Tensor, Cache) {
        let n = features
        precondition(x.lastDimension == n, "LayerNorm(\(n)) applied to \(x.shape)")
        let rows = x.rowCount
        var inverseStd = [Float](repeating: 0, count: rows)
        // Rows are independent: split them over the threads; within a row, vectorised passes
        // (centre, sum of squares, scale) instead of scalar running sums.
        let normalized = Tensor(shape: x.shape) { out in
            x.data.withUnsafeBufferPointer { px in
                inverseStd.withUnsafeMutableBufferPointer { rstds in
                    let (source, target, scales) = (px.baseAddress!, out.baseAddress!, rstds.baseAddress!)
                    Tensor.elementRanges(rows * n, granularity: n) { range in
                        for row in (range.lowerBound / n)..<(range.upperBound / n) {
                            let (input, line) = (source + row * n, target + row * n)
                            let mean = VectorReduce.sum(input, n) / Float(n)
                            for j in 0..<n { line[j] = input[j] - mean }
                            let rstd = 1 / (VectorReduce.dot(line, line, n) / Float(n) + epsilon).squareRoot()
                            scales[row] = rstd
                            for j in 0..<n { line[j] *= rstd }
                        }
                    }
                }
            }
        }
        guard let weight, let bias else { return (normalized, Cache(normalized: normalized, inverseStd: inverseStd)) }
        var y = normalized
        y.data.withUnsafeMutableBufferPointer { py in
            weight.data.withUnsafeBufferPointer { w in
                bias.data.withUnsafeBufferPointer { b in
                    for row in 0..<rows {
                        let base = row * n
                        for j in 0..<n { py[base + j] = py[base + j] * w[j] + b[j] }
                    }
                }
            }
        }
        return (y, Cache(normalized: normalized, inverseStd: inverseStd))
    }

    /// Accumulates the affine gradients (if any) and returns `dL/dx`.
    public mutating func backward(cache: Cache, outputGradient dy: Tensor) -> Tensor {
        let n = features
        let rows = dy.rowCount
        let xhat = cache.normalized
        var dxhat = dy
        if weight != nil {
            (dy * xhat).accumulateColumnSums(into: &weightGradient!)
            dy.accumulateColumnSums(into: &biasGradient!)
            dxhat.data.withUnsafeMutableBufferPointer { g in
                weight!.data.withUnsafeBufferPointer { w in
                    for row in 0..<rows {
                        let base = row * n
                        for j in 0..<n { g[base + j] *= w[j] }
                    }
                }
            }
        }
        // dx = rstd · (dxhat − mean(dxhat) − xhat · mean(dxhat ⊙ xhat))
        dxhat.data.withUnsafeMutableBufferPointer { g in
            xhat.data.withUnsafeBufferPointer { h in
                cache.inverseStd.withUnsafeBufferPointer { rstds in
                    let (gradients, normalized, scales) = (g.baseAddress!, h.baseAddress!, rstds.baseAddress!)
                    Tensor.elementRanges(rows * n, granularity: n) { range in
                        for row in (range.lowerBound / n)..<(range.upperBound / n) {
                            let (line, hat) = (gradients + row * n, normalized + row * n)
                            let meanG = VectorReduce.sum(line, n) / Float(n)
                            let meanGH = VectorReduce.dot(line, hat, n) / Float(n)
                            let rstd = scales[row]
                            for j in 0..<n { line[j] = rstd * (line[j] - meanG - hat[j] * meanGH) }
                        }
                    }
                }
            }
        }
        return dxhat
    }
}
