import Tensor

/// A caption encoded for the model: `tokens` is [maxLength, dim], rows past the text zero;
/// `mask` is [maxLength] with 1 for the rows that hold tokens (the text and its end token).
public struct TextEmbedding: Sendable, Equatable {
    public var tokens: Tensor
    public var mask: Tensor

    public init(tokens: Tensor, mask: Tensor) {
        precondition(tokens.shape.count == 2 && mask.shape == [tokens.shape[0]], "tokens \(tokens.shape), mask \(mask.shape)")
        self.tokens = tokens
        self.mask = mask
    }

    public var length: Int { tokens.shape[0] }
    public var dim: Int { tokens.shape[1] }

    /// The mean of the masked-in rows, [dim]: a pooled vector for the model's global conditioning
    /// (Open-Sora's CLIP `y_vec` plays this part). Zero when nothing is masked in.
    public var pooled: Tensor {
        var sum = [Float](repeating: 0, count: dim)
        var rows: Float = 0
        for row in 0..<length where mask.data[row] != 0 {
            rows += 1
            for column in 0..<dim { sum[column] += tokens.data[row * dim + column] }
        }
        return Tensor(shape: [dim], data: rows > 0 ? sum.map { $0 / rows } : sum)
    }
}
