import Tensor
import VideoData

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
        nullText(of: encoder.nullEmbedding)
    }

    static func nullText(of empty: TextEmbedding) -> NullText {
        NullText(embedding: empty.tokens, mask: empty.mask.data.map { $0 != 0 })
    }

    /// A loaded batch's text: its captions hashed, or the precomputed embeddings the loader stacked.
    static func encode(_ batch: LoadedBatch, with source: CaptionSource) throws -> (tokens: Tensor, mask: [Bool]) {
        switch source {
        case .hashed(let encoder):
            return encode(batch.captions, with: encoder)
        case .precomputed:
            guard let tokens = batch.extras[PrecomputedSamples.textKey], let mask = batch.extras[PrecomputedSamples.textMaskKey] else {
                throw TrainingError("batch \(batch.position) carries no precomputed text embeddings (a loader without the precomputed text source)")
            }
            return (tokens, mask.data.map { $0 != 0 })
        }
    }
}

/// Where a stage's text embeddings come from.
enum CaptionSource: Sendable {
    /// Captions hashed on the fly (`hashed_text`).
    case hashed(HashedTextEncoder)
    /// Embeddings read from files (`precomputed`); the loader reads them with the samples.
    case precomputed(PrecomputedTextEncoder)

    /// What classifier-free dropout substitutes for a caption.
    var nullEmbedding: TextEmbedding {
        switch self {
        case .hashed(let encoder): encoder.nullEmbedding
        case .precomputed(let encoder): encoder.nullEmbedding
        }
    }
}
