import Foundation

/// A lookup table `[count, features]`: row `id` is the embedding of `id` (PyTorch's `nn.Embedding`).
public struct Embedding: Layer, Sendable {
    public var weight: Tensor
    public var weightGradient: Tensor

    /// Normal(0, std) rows.
    public init(count: Int, features: Int, std: Float = 1, using generator: inout SeededGenerator) {
        weight = .normal(shape: [count, features], std: std, using: &generator)
        weightGradient = weight.zerosLike()
    }

    public mutating func visitParameters(_ visit: (String, inout Tensor, inout Tensor) -> Void) {
        visit("weight", &weight, &weightGradient)
    }

    /// `[ids.count, features]`; every id must be in range.
    public func callAsFunction(_ ids: [Int]) -> Tensor {
        let (rows, n) = (weight.shape[0], weight.shape[1])
        return Tensor(shape: [ids.count, n]) { out in
            weight.data.withUnsafeBufferPointer { table in
                for (row, id) in ids.enumerated() {
                    precondition(id >= 0 && id < rows, "embedding id \(id) outside 0..<\(rows)")
                    (out.baseAddress! + row * n).update(from: table.baseAddress! + id * n, count: n)
                }
            }
        }
    }

    /// Scatter-adds the output gradient rows into the table gradient.
    public mutating func backward(ids: [Int], outputGradient dy: Tensor) {
        let n = weight.shape[1]
        dy.data.withUnsafeBufferPointer { g in
            weightGradient.data.withUnsafeMutableBufferPointer { table in
                for (row, id) in ids.enumerated() {
                    for j in 0..<n { table[id * n + j] += g[row * n + j] }
                }
            }
        }
    }
}

/// Fixed sinusoidal embeddings.
public enum SinusoidalEmbedding {
    /// DiT's / Flux's `timestep_embedding`: for each value `s = factor · x`, the `dim` features
    /// `[cos(s·f₀), …, cos(s·f_{h−1}), sin(s·f₀), …]` with `f_i = maxPeriod^(−i/h)`, `h = dim/2`
    /// (a zero column is appended for odd `dim`). Result `[values.count, dim]`.
    public static func timesteps(
        _ values: [Float], dim: Int, maxPeriod: Double = 10_000, factor: Double = 1000
    ) -> Tensor {
        let half = dim / 2
        let frequencies = (0..<half).map { exp(-log(maxPeriod) * Double($0) / Double(half)) }
        return Tensor(shape: [values.count, dim]) { out in
            for (row, value) in values.enumerated() {
                let base = row * dim
                for i in 0..<half {
                    let argument = factor * Double(value) * frequencies[i]
                    out[base + i] = Float(cos(argument))
                    out[base + half + i] = Float(sin(argument))
                }
                if dim % 2 == 1 { out[base + dim - 1] = 0 }
            }
        }
    }

    /// MAE/DiT's 1-D sin-cos position embedding of `positions`: `[sin(p·ω₀)…, cos(p·ω₀)…]` with
    /// `ω_i = 10000^(−i/(dim/2))`. Result `[positions.count, dim]` (`dim` even).
    public static func positions(_ positions: [Double], dim: Int) -> Tensor {
        precondition(dim % 2 == 0, "position embedding dimension must be even, got \(dim)")
        let half = dim / 2
        let omegas = (0..<half).map { 1 / pow(10_000, Double($0) / Double(half)) }
        return Tensor(shape: [positions.count, dim]) { out in
            for (row, p) in positions.enumerated() {
                for i in 0..<half {
                    out[row * dim + i] = Float(sin(p * omegas[i]))
                    out[row * dim + half + i] = Float(cos(p * omegas[i]))
                }
            }
        }
    }
}
