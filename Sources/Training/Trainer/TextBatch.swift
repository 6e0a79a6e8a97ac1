import Tensor

/// Captions of a batch encoded for the model: `[B, L, dim]` tokens and B·L mask flags.
enum TextBatch {
    static func encode(_ captions: [String], with encoder: HashedTextEncoder) -> (tokens: Tensor, mask: [Bool]) {
        let (length, width) = (encoder.maxLength, encoder.dim)
        var tokens = Tensor(shape: [captions.count, length, width])
        var mask = [Bool](repeating: false, count: captions.count * length)
        for (b, caption) in captions.enumerated() {
            let embedding = encoder.encode(caption)
            tokens.data.replaceSubrange((b * length * width)..<((b + 1) * length * width), with: embedding.tokens.data)
            for l in 0..<length { mask[b * length + l] = embedding.mask.data[l] != 0 }
        }
        return (tokens, mask)
    }

    static func nullText(of encoder: HashedTextEncoder) -> NullText {
        let empty = encoder.nullEmbedding
        return NullText(embedding: empty.tokens, mask: empty.mask.data.map { $0 != 0 })
    }
}
