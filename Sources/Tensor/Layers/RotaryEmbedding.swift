import Foundation

/// Rotary position embedding over several position axes, as Flux and Open-Sora 2.0 (`EmbedND`
/// with `axes_dim` and `theta`): each head's features are cut into one band per axis, and within
/// the band of width `d` the feature pair `(2i, 2i + 1)` turns by the angle `p · θ^(−2i/d)`, where
/// `p` is the token's position on that axis. Queries and keys turned by their own positions give
/// scores that depend on the difference of the positions only, which is what lets a token find
/// "the same place one frame earlier" without learning it from absolute embeddings.
///
/// The turn is orthogonal, so its backward pass is the turn by the opposite angles.
public struct RotaryEmbedding: Sendable, Equatable {
    /// Features per head: the sum of the axes' widths.
    public let headDim: Int
    /// Tokens per sample; one position (one value per axis) each.
    public let tokens: Int
    // cos and sin of every (token, pair) angle: tokens × headDim/2.
    private let cosines: [Float]
    private let sines: [Float]

    /// `positions[n]` holds token n's position on each axis; `axesDim` (all even) the band width of
    /// each axis.
    public init(positions: [[Int]], axesDim: [Int], theta: Double) {
        precondition(axesDim.allSatisfy { $0 > 0 && $0 % 2 == 0 }, "rotary bands must be positive and even: \(axesDim)")
        precondition(positions.allSatisfy { $0.count == axesDim.count }, "one position per axis for every token")
        headDim = axesDim.reduce(0, +)
        tokens = positions.count
        // The frequency of each pair of the head, axis after axis.
        var axisOfPair: [Int] = []
        var frequencies: [Double] = []
        for (axis, width) in axesDim.enumerated() {
            for i in 0..<(width / 2) {
                axisOfPair.append(axis)
                frequencies.append(1 / pow(theta, Double(2 * i) / Double(width)))
            }
        }
        var cosines = [Float](repeating: 0, count: tokens * headDim / 2)
        var sines = cosines
        for (n, position) in positions.enumerated() {
            for pair in frequencies.indices {
                let angle = Double(position[axisOfPair[pair]]) * frequencies[pair]
                cosines[n * headDim / 2 + pair] = Float(cos(angle))
                sines[n * headDim / 2 + pair] = Float(sin(angle))
            }
        }
        self.cosines = cosines
        self.sines = sines
    }

    /// Turns, in place, the `heads` heads of every token of `batch` samples: token n of sample b is
    /// the row at `base + (b · tokens + n) · rowStride`, its heads side by side. `inverse` turns
    /// the other way (the gradient of the turn).
    public func rotate(_ base: UnsafeMutablePointer<Float>, batch: Int, rowStride: Int, heads: Int, inverse: Bool = false) {
        let pairs = headDim / 2
        let sign: Float = inverse ? -1 : 1
        cosines.withUnsafeBufferPointer { cosine in
            sines.withUnsafeBufferPointer { sine in
                for b in 0..<batch {
                    for n in 0..<tokens {
                        let row = base + (b * tokens + n) * rowStride
                        let c = cosine.baseAddress! + n * pairs, s = sine.baseAddress! + n * pairs
                        for h in 0..<heads {
                            let x = row + h * headDim
                            for i in 0..<pairs {
                                let (x0, x1) = (x[2 * i], x[2 * i + 1])
                                let (ci, si) = (c[i], sign * s[i])
                                x[2 * i] = ci * x0 - si * x1
                                x[2 * i + 1] = si * x0 + ci * x1
                            }
                        }
                    }
                }
            }
        }
    }
}
