/// A fully connected layer `y = x · Wᵀ + b` over the last dimension, PyTorch's `nn.Linear` layout:
/// `weight` is `[out, in]`, `bias` is `[out]`.
public struct Linear: Layer, Sendable {
    public var weight: Tensor
    public var bias: Tensor?
    public var weightGradient: Tensor
    public var biasGradient: Tensor?

    public var inputFeatures: Int { weight.shape[1] }
    public var outputFeatures: Int { weight.shape[0] }

    /// Weights from `weight`, bias from `bias` (nil for a layer without bias).
    public init(weight: Tensor, bias: Tensor?) {
        precondition(weight.rank == 2, "Linear weight must be [out, in], got \(weight.shape)")
        precondition(bias == nil || bias!.shape == [weight.shape[0]], "bias must be [out]")
        self.weight = weight
        self.bias = bias
        self.weightGradient = weight.zerosLike()
        self.biasGradient = bias?.zerosLike()
    }

    /// Xavier-uniform weights (as DiT initialises every linear layer) and a zero bias.
    public init(_ inputs: Int, _ outputs: Int, bias: Bool = true, using generator: inout SeededGenerator) {
        let bound = (6 / Float(inputs + outputs)).squareRoot()
        self.init(
            weight: .uniform(shape: [outputs, inputs], bound: bound, using: &generator),
            bias: bias ? Tensor(shape: [outputs]) : nil)
    }

    /// An all-zero layer (adaLN-Zero modulation and the final projection start here).
    public static func zeros(_ inputs: Int, _ outputs: Int, bias: Bool = true) -> Linear {
        Linear(weight: Tensor(shape: [outputs, inputs]), bias: bias ? Tensor(shape: [outputs]) : nil)
    }

    public mutating func visitParameters(_ visit: (String, inout Tensor, inout Tensor) -> Void) {
        visit("weight", &weight, &weightGradient)
        if bias != nil {
            visit("bias", &bias!, &biasGradient!)
        }
    }

    /// `x` is `[..., in]`; the result is `[..., out]`. The cache is the input.
    public func callAsFunction(_ x: Tensor) -> Tensor {
        let (rows, n, k) = (x.rowCount, outputFeatures, inputFeatures)
        precondition(x.lastDimension == k, "Linear(\(k)→\(n)) applied to \(x.shape)")
        return Tensor(shape: Array(x.shape.dropLast()) + [n]) { out in
            // The bias rows go in first and the product adds onto them (beta 1): one pass over
            // the output fewer than a product into zeros followed by a bias pass.
            if let bias {
                // A plain loop per row: `initialize(from:count:)` was one `memmove` call per row.
                bias.data.withUnsafeBufferPointer { b in
                    let (source, target) = (b.baseAddress!, out.baseAddress!)
                    for row in 0..<rows {
                        let line = target + row * n
                        for j in 0..<n { line[j] = source[j] }
                    }
                }
            }
            x.data.withUnsafeBufferPointer { px in
                weight.data.withUnsafeBufferPointer { pw in
                    Gemm.multiply(transposeB: true, m: rows, n: n, k: k,
                                  a: px.baseAddress!, lda: k, b: pw.baseAddress!, ldb: k,
                                  beta: bias == nil ? 0 : 1, c: out.baseAddress!, ldc: n)
                }
            }
        }
    }

    /// Accumulates `dL/dW` and `dL/db` for input `x` and output gradient `dy`; returns `dL/dx`.
    public mutating func backward(input x: Tensor, outputGradient dy: Tensor) -> Tensor {
        accumulateParameterGradients(input: x, outputGradient: dy)
        return inputGradient(outputGradient: dy, inputShape: x.shape)
    }

    /// Accumulates `dL/dW` and `dL/db` only (for layers whose input needs no gradient).
    public mutating func accumulateParameterGradients(input x: Tensor, outputGradient dy: Tensor) {
        let (rows, n, k) = (x.rowCount, outputFeatures, inputFeatures)
        precondition(dy.rowCount == rows && dy.lastDimension == n, "gradient \(dy.shape) for input \(x.shape)")
        x.data.withUnsafeBufferPointer { px in
            dy.data.withUnsafeBufferPointer { pdy in
                weightGradient.data.withUnsafeMutableBufferPointer { pg in
                    Gemm.multiply(transposeA: true, m: n, n: k, k: rows,
                                  a: pdy.baseAddress!, lda: n, b: px.baseAddress!, ldb: k,
                                  beta: 1, c: pg.baseAddress!, ldc: k)
                }
            }
        }
        if biasGradient != nil { dy.accumulateColumnSums(into: &biasGradient!) }
    }

    /// `dL/dx = dy · W` shaped like the input.
    public func inputGradient(outputGradient dy: Tensor, inputShape: [Int]) -> Tensor {
        let (rows, n, k) = (dy.rowCount, outputFeatures, inputFeatures)
        return Tensor(shape: inputShape) { out in
            dy.data.withUnsafeBufferPointer { pdy in
                weight.data.withUnsafeBufferPointer { pw in
                    Gemm.multiply(m: rows, n: k, k: n,
                                  a: pdy.baseAddress!, lda: n, b: pw.baseAddress!, ldb: k,
                                  c: out.baseAddress!, ldc: k)
                }
            }
        }
    }
}
