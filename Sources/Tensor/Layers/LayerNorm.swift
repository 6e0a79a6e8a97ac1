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
        let normalized = Tensor(shape: x.shape) { out in
            x.data.withUnsafeBufferPointer { px in
                for row in 0..<rows {
                    let base = row * n
                    var total: Float = 0
                    for j in 0..<n { total += px[base + j] }
                    let mean = total / Float(n)
                    var squares: Float = 0
                    for j in 0..<n {
                        let d = px[base + j] - mean
                        squares += d * d
                    }
                    let rstd = 1 / (squares / Float(n) + epsilon).squareRoot()
                    inverseStd[row] = rstd
                    for j in 0..<n { out[base + j] = (px[base + j] - mean) * rstd }
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
                for row in 0..<rows {
                    let base = row * n
                    var sumG: Float = 0
                    var sumGH: Float = 0
                    for j in 0..<n {
                        sumG += g[base + j]
                        sumGH += g[base + j] * h[base + j]
                    }
                    let meanG = sumG / Float(n)
                    let meanGH = sumGH / Float(n)
                    let rstd = cache.inverseStd[row]
                    for j in 0..<n { g[base + j] = rstd * (g[base + j] - meanG - h[base + j] * meanGH) }
                }
            }
        }
        return dxhat
    }
}
