import Tensor

/// Hides random patches of the noised latent under pure noise in training, so the model has to
/// draw them from the rest of the picture and the caption (the masked-token training of MDT and
/// MaskDiT, with noise as the mask). A velocity target would hold noise the model cannot see, so
/// it goes with an x₀ prediction only: the target of every element becomes the velocity that
/// leads from its (possibly hidden) x_t to the clean latent.
public struct PatchMasking: Sendable, Equatable {
    /// Probability of hiding each patch.
    public var ratio: Double
    /// Probability of hiding every patch of a latent frame (videos only): the model then has to
    /// place the shape from the other frames and the caption's motion.
    public var frameRatio: Double
    /// The model's patch extent along time, height and width.
    public var patch: (t: Int, h: Int, w: Int)

    public init(ratio: Double, frameRatio: Double = 0, patch: (t: Int, h: Int, w: Int)) {
        precondition(ratio >= 0 && ratio < 1 && frameRatio >= 0 && frameRatio < 1 && patch.t > 0 && patch.h > 0 && patch.w > 0,
                     "patch masking \(ratio) \(frameRatio) \(patch)")
        self.ratio = ratio
        self.frameRatio = frameRatio
        self.patch = patch
    }

    public static func == (a: PatchMasking, b: PatchMasking) -> Bool {
        a.ratio == b.ratio && a.frameRatio == b.frameRatio && a.patch == b.patch
    }

    /// Replaces each hidden patch of `latent` `[B, C, T, H, W]` by its `noise` (x_t at t = 1).
    /// Sample b draws from `streams[b]`: with `frameRatio` and more than one latent frame, one
    /// uniform per frame; then one uniform per patch, in (t, h, w) order.
    func hide(in latent: inout Tensor, noise: Tensor, using streams: inout [SeededGenerator]) {
        let (batch, channels, frames, height, width) = (latent.shape[0], latent.shape[1], latent.shape[2], latent.shape[3], latent.shape[4])
        let grid = (t: frames / patch.t, h: height / patch.h, w: width / patch.w)
        for b in 0..<batch {
            let hiddenFrames = (0..<grid.t).map { _ in frameRatio > 0 && grid.t > 1 && streams[b].nextUniform() < frameRatio }
            for gt in 0..<grid.t {
                for gh in 0..<grid.h {
                    for gw in 0..<grid.w where streams[b].nextUniform() < ratio || hiddenFrames[gt] {
                        for c in 0..<channels {
                            for t in (gt * patch.t)..<((gt + 1) * patch.t) {
                                for y in (gh * patch.h)..<((gh + 1) * patch.h) {
                                    let row = (((b * channels + c) * frames + t) * height + y) * width
                                    for x in (gw * patch.w)..<((gw + 1) * patch.w) { latent.data[row + x] = noise.data[row + x] }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
