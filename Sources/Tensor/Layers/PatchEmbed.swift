/// Cutting `[B, C, T, H, W]` volumes into `(pt, ph, pw)` patches and back.
///
/// Token order is `(t, h, w)` row-major over the patch grid; features within a token are ordered
/// `(c, pt, ph, pw)`, the flattening of a `Conv3d(C, D, kernel=stride=patch)` weight.
public struct PatchGrid: Sendable, Equatable {
    public var channels: Int
    public var frames: Int
    public var height: Int
    public var width: Int
    public var patch: (t: Int, h: Int, w: Int)

    public init(channels: Int, frames: Int, height: Int, width: Int, patch: (t: Int, h: Int, w: Int)) {
        (self.channels, self.frames, self.height, self.width, self.patch) = (channels, frames, height, width, patch)
    }

    public static func == (a: PatchGrid, b: PatchGrid) -> Bool {
        a.channels == b.channels && a.frames == b.frames && a.height == b.height && a.width == b.width
            && a.patch == b.patch
    }

    /// Whether every extent is a positive multiple of its patch extent.
    public var isDivisible: Bool {
        frames > 0 && height > 0 && width > 0
            && frames % patch.t == 0 && height % patch.h == 0 && width % patch.w == 0
    }
    public var gridFrames: Int { frames / patch.t }
    public var gridHeight: Int { height / patch.h }
    public var gridWidth: Int { width / patch.w }
    public var tokens: Int { gridFrames * gridHeight * gridWidth }
    public var patchFeatures: Int { channels * patch.t * patch.h * patch.w }

    /// `[B, C, T, H, W]` → `[B, tokens, patchFeatures]`.
    public func patchify(_ x: Tensor) -> Tensor {
        let batch = x.shape[0]
        precondition(x.shape == [batch, channels, frames, height, width] && isDivisible, "patchify \(x.shape) with \(self)")
        return x.reshaped([batch, channels, gridFrames, patch.t, gridHeight, patch.h, gridWidth, patch.w])
            .permuted([0, 2, 4, 6, 1, 3, 5, 7])
            .reshaped([batch, tokens, patchFeatures])
    }

    /// `[B, tokens, patchFeatures]` → `[B, C, T, H, W]` (the inverse of `patchify`).
    public func unpatchify(_ tokens: Tensor) -> Tensor {
        let batch = tokens.shape[0]
        precondition(tokens.shape == [batch, self.tokens, patchFeatures], "unpatchify \(tokens.shape) with \(self)")
        return tokens.reshaped([batch, gridFrames, gridHeight, gridWidth, channels, patch.t, patch.h, patch.w])
            .permuted([0, 4, 1, 5, 2, 6, 3, 7])
            .reshaped([batch, channels, frames, height, width])
    }
}

/// Patch embedding: patchify, then a linear map of each patch to `features` (a strided Conv3d).
public struct PatchEmbed: Layer, Sendable {
    public var proj: Linear
    public let channels: Int
    public let patch: (t: Int, h: Int, w: Int)

    public struct Cache: Sendable {
        public var grid: PatchGrid
        public var patches: Tensor
    }

    /// Xavier-uniform over the flattened `[features, C·pt·ph·pw]` weight, as DiT initialises it.
    public init(channels: Int, patch: (t: Int, h: Int, w: Int), features: Int, using generator: inout SeededGenerator) {
        self.channels = channels
        self.patch = patch
        proj = Linear(channels * patch.t * patch.h * patch.w, features, using: &generator)
    }

    /// A zero projection (a new input branch that must not change the model at first).
    public init(zerosWithChannels channels: Int, patch: (t: Int, h: Int, w: Int), features: Int) {
        self.channels = channels
        self.patch = patch
        proj = .zeros(channels * patch.t * patch.h * patch.w, features)
    }

    public mutating func visitParameters(_ visit: (String, inout Tensor, inout Tensor) -> Void) {
        Self.visit(&proj, prefix: "proj", visit)
    }

    public func grid(for x: Tensor) -> PatchGrid {
        PatchGrid(channels: channels, frames: x.shape[2], height: x.shape[3], width: x.shape[4], patch: patch)
    }

    /// `[B, C, T, H, W]` → `[B, tokens, features]`.
    public func callAsFunction(_ x: Tensor) -> (Tensor, Cache) {
        precondition(x.rank == 5 && x.shape[1] == channels, "PatchEmbed(\(channels) channels) applied to \(x.shape)")
        let grid = grid(for: x)
        let patches = grid.patchify(x)
        return (proj(patches), Cache(grid: grid, patches: patches))
    }

    /// Accumulates the projection's gradients and returns `dL/dx` as `[B, C, T, H, W]`.
    public mutating func backward(cache: Cache, outputGradient dy: Tensor) -> Tensor {
        cache.grid.unpatchify(proj.backward(input: cache.patches, outputGradient: dy))
    }

    /// Accumulates the projection's gradients only (the input is data and needs no gradient).
    public mutating func accumulateParameterGradients(cache: Cache, outputGradient dy: Tensor) {
        proj.accumulateParameterGradients(input: cache.patches, outputGradient: dy)
    }
}
