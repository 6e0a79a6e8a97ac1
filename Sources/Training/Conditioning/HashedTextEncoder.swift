import Tensor

/// A text encoder that needs no download (`hashed_text`): feature hashing of words into fixed
/// pseudo-random embeddings.
///
/// Tokenizer: the text is lower-cased (Unicode, Swift's `lowercased()`), then split into maximal
/// runs of letters and digits (`Character.isLetter || isNumber`); everything else separates.
/// At most `maxLength − 1` words are kept, followed by an end token `</s>` (which the tokenizer can
/// never produce), so even the empty caption has one masked-in row, as T5's encoding of "" does.
/// Hash: FNV-1a 64 over the token's UTF-8 bytes.
/// Embedding: a SplitMix64 generator seeded with the hash yields `dim` values; each takes the top
/// 24 bits u of one output and becomes (2·u/2^24 − 1)·√3, uniform on [−√3, √3) with unit variance.
/// Pure integer arithmetic and one Float rounding, so every platform gets the same bits; nothing
/// is stored. Rows past the end token are zero with mask 0 (`max_length` padding).
/// Word order: with `ngram` 2, each row after the first is (e(word) + e(previous + " " + word))/√2,
/// still of unit variance. A bag of single words cannot tell "a red square on a white background"
/// from "a white square on a red background" (pooling and attention over unpositioned tokens are
/// both order-blind); the pair "white background" can. The tokenizer never yields a space, so a
/// pair never collides with a word.
public struct HashedTextEncoder: Sendable, Equatable {
    public let dim: Int
    public let maxLength: Int
    /// 1: words only; 2: words and word pairs.
    public let ngram: Int
    static let endToken = "</s>"

    public init(dim: Int, maxLength: Int, ngram: Int = 2) {
        precondition(dim > 0 && maxLength > 0, "hashed_text needs dim and max_length above 0")
        precondition(ngram == 1 || ngram == 2, "hashed_text ngram is 1 or 2")
        self.dim = dim
        self.maxLength = maxLength
        self.ngram = ngram
    }

    /// The words of `text`, as the tokenizer above splits them.
    public static func tokens(_ text: String) -> [String] {
        var words: [String] = []
        var current = ""
        for character in text.lowercased() {
            if character.isLetter || character.isNumber {
                current.append(character)
            } else if !current.isEmpty {
                words.append(current)
                current = ""
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    /// FNV-1a, 64 bits.
    public static func fnv1a64(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return hash
    }

    /// The embedding of one token, [dim].
    public func embedding(ofToken token: String) -> [Float] {
        var generator = SeededGenerator(seed: Self.fnv1a64(token))
        let scale = Float(3.0.squareRoot())
        return (0..<dim).map { _ in
            (2 * Float(generator.next() >> 40) / Float(1 << 24) - 1) * scale
        }
    }

    public func encode(_ text: String) -> TextEmbedding {
        let words = Array(Self.tokens(text).prefix(maxLength - 1)) + [Self.endToken]
        var tokens = Tensor(shape: [maxLength, dim])
        var mask = Tensor(shape: [maxLength])
        for (row, word) in words.enumerated() {
            var features = embedding(ofToken: word)
            if ngram == 2, row > 0 {
                let pair = embedding(ofToken: words[row - 1] + " " + word)
                let half = Float(0.5).squareRoot()
                for j in features.indices { features[j] = (features[j] + pair[j]) * half }
            }
            tokens.data.replaceSubrange(row * dim..<(row + 1) * dim, with: features)
            mask.data[row] = 1
        }
        return TextEmbedding(tokens: tokens, mask: mask)
    }

    /// What classifier-free dropout substitutes for a caption: the encoding of "" (Open-Sora's
    /// `model_t5("")`).
    public var nullEmbedding: TextEmbedding { encode("") }
}
