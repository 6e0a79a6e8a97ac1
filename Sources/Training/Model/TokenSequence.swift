import Tensor

/// Joining and splitting `[B, N, D]` token sequences along the token axis (in-context text tokens).
enum TokenSequence {
    /// `[B, L, D]` and `[B, N, D]` → `[B, L + N, D]`.
    static func concatenate(_ a: Tensor, _ b: Tensor) -> Tensor {
        let (batch, la, lb, d) = (a.shape[0], a.shape[1], b.shape[1], a.shape[2])
        precondition(b.shape[0] == batch && b.shape[2] == d, "cannot join \(a.shape) and \(b.shape)")
        return Tensor(shape: [batch, la + lb, d]) { out in
            a.data.withUnsafeBufferPointer { pa in
                b.data.withUnsafeBufferPointer { pb in
                    for s in 0..<batch {
                        let target = out.baseAddress! + s * (la + lb) * d
                        target.update(from: pa.baseAddress! + s * la * d, count: la * d)
                        (target + la * d).update(from: pb.baseAddress! + s * lb * d, count: lb * d)
                    }
                }
            }
        }
    }

    /// Tokens `[count, N)` of every sample.
    static func dropLeading(_ count: Int, of x: Tensor) -> Tensor { slice(x, from: count, to: x.shape[1]) }

    /// Tokens `[0, count)` of every sample.
    static func leading(_ count: Int, of x: Tensor) -> Tensor { slice(x, from: 0, to: count) }

    /// `count` zero tokens before every sample's tokens (the gradient of `dropLeading`).
    static func padLeading(_ count: Int, of x: Tensor) -> Tensor {
        concatenate(Tensor(shape: [x.shape[0], count, x.shape[2]]), x)
    }

    /// Key flags for `[text | image]` sequences: the text mask, then `true` for every image token.
    static func keyMask(textMask: [Bool], batch: Int, textTokens: Int, imageTokens: Int) -> [Bool] {
        var flags: [Bool] = []
        flags.reserveCapacity(batch * (textTokens + imageTokens))
        for s in 0..<batch {
            flags.append(contentsOf: textMask[(s * textTokens)..<((s + 1) * textTokens)])
            flags.append(contentsOf: repeatElement(true, count: imageTokens))
        }
        return flags
    }

    private static func slice(_ x: Tensor, from start: Int, to end: Int) -> Tensor {
        let (batch, n, d) = (x.shape[0], x.shape[1], x.shape[2])
        let width = end - start
        return Tensor(shape: [batch, width, d]) { out in
            x.data.withUnsafeBufferPointer { px in
                for s in 0..<batch {
                    (out.baseAddress! + s * width * d).update(from: px.baseAddress! + (s * n + start) * d, count: width * d)
                }
            }
        }
    }
}

/// Reducing text tokens to one vector per sample.
enum TextPooling {
    /// The mean of the real (mask `true`) tokens of each sample, `[B, L, D]` → `[B, D]`; zeros for
    /// a sample without real tokens.
    static func maskedMean(_ text: Tensor, mask: [Bool]) -> Tensor {
        let (batch, length, d) = (text.shape[0], text.shape[1], text.shape[2])
        return Tensor(shape: [batch, d]) { out in
            out.update(repeating: 0)
            text.data.withUnsafeBufferPointer { pt in
                for s in 0..<batch {
                    var real = 0
                    for l in 0..<length where mask[s * length + l] {
                        real += 1
                        for j in 0..<d { out[s * d + j] += pt[(s * length + l) * d + j] }
                    }
                    if real > 0 { for j in 0..<d { out[s * d + j] /= Float(real) } }
                }
            }
        }
    }
}
