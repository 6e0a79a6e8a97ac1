import Tensor

/// DiT's final layer: LayerNorm without affine, adaLN (shift, scale) from the conditioning vector,
/// then a linear map from each token to its patch of output channels. Both linear layers start at
/// zero, so a fresh model predicts zero velocity.
struct FinalLayer: Layer, Sendable {
    var norm: LayerNorm
    var adaLNModulation: Linear
    var linear: Linear

    struct Cache: Sendable {
        var modulation: Tensor
        var norm: LayerNorm.Cache
        var normalized: Tensor
        var modulated: Tensor
    }

    init(hidden: Int, patchFeatures: Int) {
        norm = LayerNorm(hidden, affine: false, epsilon: 1e-6)
        adaLNModulation = .zeros(hidden, 2 * hidden)
        linear = .zeros(hidden, patchFeatures)
    }

    mutating func visitParameters(_ visit: (String, inout Tensor, inout Tensor) -> Void) {
        Self.visit(&adaLNModulation, prefix: "adaLN_modulation", visit)
        Self.visit(&linear, prefix: "linear", visit)
    }

    func callAsFunction(_ x: Tensor, conditioning: Tensor) -> (Tensor, Cache) {
        let modulation = adaLNModulation(conditioning)
        let (normalized, normCache) = norm(x)
        let modulated = Modulation.modulate(normalized, modulation, shift: 0, scale: 1)
        return (linear(modulated), Cache(modulation: modulation, norm: normCache, normalized: normalized, modulated: modulated))
    }

    mutating func backward(
        cache: Cache, outputGradient dy: Tensor, conditioning: Tensor, conditioningGradient: inout Tensor
    ) -> Tensor {
        let dModulated = linear.backward(input: cache.modulated, outputGradient: dy)
        var dMod = Tensor(shape: cache.modulation.shape)
        let dNormalized = Modulation.modulateBackward(dModulated, input: cache.normalized, cache.modulation, shift: 0, scale: 1, dMod: &dMod)
        conditioningGradient.add(adaLNModulation.backward(input: conditioning, outputGradient: dMod))
        return norm.backward(cache: cache.norm, outputGradient: dNormalized)
    }
}

/// Fixed 3-D sin-cos position embedding of the patch grid, `[T'·H'·W', D]`: DiT's 2-D embedding
/// (first half of the features from the row, second half from the column) plus a 1-D embedding of
/// the frame index over all features, as Open-Sora 1.x's spatial + temporal embeddings.
enum PositionEmbedding {
    /// Rotary positions for `[text | image]` sequences: (frame, row, column) of each patch on the
    /// latent grid, and position (0, 0, 0) for every text token in front, as Open-Sora 2.0 gives
    /// its text tokens (they turn not at all and are found by content alone).
    static func rotary(grid: PatchGrid, textTokens: Int, axesDim: [Int], theta: Double) -> RotaryEmbedding {
        var positions = [[Int]](repeating: [0, 0, 0], count: textTokens)
        positions.reserveCapacity(textTokens + grid.tokens)
        for t in 0..<grid.gridFrames {
            for y in 0..<grid.gridHeight {
                for x in 0..<grid.gridWidth { positions.append([t, y, x]) }
            }
        }
        return RotaryEmbedding(positions: positions, axesDim: axesDim, theta: theta)
    }

    /// Fixed positions `[T·H·W, d]` for the patches in (frame, row, column) order.
    static func grid(frames: Int, height: Int, width: Int, features d: Int, layout: SinCosLayout = .summed) -> Tensor {
        // Widths of the time and of each spatial part, and where time's part starts: summed lays it
        // over the whole token (onto the rows and columns), split after them.
        let (timeWidth, spaceWidth) = layout == .split ? (4 * (d / 16), (d - 4 * (d / 16)) / 2) : (d, d / 2)
        let timeOffset = layout == .split ? 2 * spaceWidth : 0
        let rows = SinusoidalEmbedding.positions((0..<height).map(Double.init), dim: spaceWidth)
        let columns = SinusoidalEmbedding.positions((0..<width).map(Double.init), dim: spaceWidth)
        let times = SinusoidalEmbedding.positions((0..<frames).map(Double.init), dim: timeWidth)
        var grid = Tensor(shape: [frames * height * width, d])
        for t in 0..<frames {
            for y in 0..<height {
                for x in 0..<width {
                    let base = ((t * height + y) * width + x) * d
                    for j in 0..<spaceWidth {
                        grid.data[base + j] += rows.data[y * spaceWidth + j]
                        grid.data[base + spaceWidth + j] += columns.data[x * spaceWidth + j]
                    }
                    for j in 0..<timeWidth { grid.data[base + timeOffset + j] += times.data[t * timeWidth + j] }
                }
            }
        }
        return grid
    }
}
