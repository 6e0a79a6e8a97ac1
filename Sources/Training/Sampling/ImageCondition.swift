import Tensor
import VideoData

/// The condition of image-to-video sampling, built the way training builds its `i2v_head` mode
/// (Open-Sora 2.0's `cond_type="i2v_head"`): the picture resize-cropped to the sample's size and
/// encoded by the run's autoencoder fills the conditioned latent frame (frame 0), the mask marks
/// it, and `VisualCondition.build` makes `concat(mask, mask ⊙ latent)` from that, exactly as
/// `FlowObjective.prepare` does from a training video whose first frame is the picture.
public struct ImageCondition: Sendable {
    public let mode: ConditionMode
    /// The conditioned latent frames.
    public let frames: [Int]
    /// `[1, C, T, h, w]`: the encoded picture in the conditioned frames, zeros elsewhere.
    public let latent: Tensor

    /// `reference` is the encoded picture `[1, C, 1, h, w]`; `latentShape` the sample's latent
    /// `[1, C, T, h, w]` with T ≥ 2 (one-frame samples are images, which are never conditioned).
    public init(reference: Tensor, latentShape: [Int], mode: ConditionMode = .i2vHead) {
        precondition(reference.rank == 5 && reference.shape[2] == 1 && latentShape.count == 5
                     && reference.shape[0] == latentShape[0] && Array(reference.shape[3...]) == Array(latentShape[3...])
                     && reference.shape[1] == latentShape[1], "reference \(reference.shape) for a latent \(latentShape)")
        self.mode = mode
        frames = mode.conditionedFrames(frames: latentShape[2])
        var latent = Tensor(shape: latentShape)
        for frame in frames { Self.copyFrame(0, of: reference, to: frame, of: &latent) }
        self.latent = latent
    }

    /// The model's condition input `[1, C + 1, T, h, w]`.
    public var condition: Tensor { VisualCondition.build(latent: latent, conditionedFrames: [frames]) }

    /// The sampled latent with its conditioned frames replaced by the encoded picture, as Open-Sora's
    /// inference does after denoising and before decoding (the model only sees the picture through
    /// the condition; nothing re-imposes it between steps).
    public func imposed(on sample: Tensor) -> Tensor {
        precondition(sample.shape == latent.shape, "sample \(sample.shape), condition \(latent.shape)")
        var result = sample
        for frame in frames { Self.copyFrame(frame, of: latent, to: frame, of: &result) }
        return result
    }

    /// Reads the picture at `path`, resize-crops it to `height × width` and encodes it with the
    /// run's autoencoder. Throws `TrainingError` (a usage problem) when the model takes no image
    /// condition or the request cannot be conditioned, `ReferenceImageError` when the file cannot
    /// be read.
    public static func load(path: String, settings: TrainingSettings, frames: Int, height: Int, width: Int) throws -> ImageCondition {
        guard settings.model.condEmbed else {
            throw TrainingError("--image \(path): the model takes no image condition (model.cond_embed is false); sample an image-to-video stage such as stage1_i2v, or leave out --image")
        }
        guard frames >= 2 else {
            throw TrainingError("--image \(path): a one-frame sample is an image, which is never conditioned; ask for --num-frames 2 or more")
        }
        guard settings.aeType == "identity" else {
            throw TrainingError("--image \(path): the run's autoencoder '\(settings.aeType)' cannot encode a picture here (only 'identity' can)")
        }
        let autoencoder = IdentityAutoencoder(spaceToDepth: settings.spaceToDepth)
        let picture = try ReferenceImage.load(path: path, height: height, width: width)
        let reference = try autoencoder.encode(Tensor(shape: [1] + picture.shape, data: picture.data))
        return ImageCondition(reference: reference, latentShape: try autoencoder.latentShape(of: [1, 3, frames, height, width]))
    }

    /// Copies latent frame `source` of `from` into frame `target` of `to`; both `[1, C, T, h, w]`
    /// with equal C, h, w.
    static func copyFrame(_ source: Int, of from: Tensor, to target: Int, of to: inout Tensor) {
        let (channels, plane) = (from.shape[1], from.shape[3] * from.shape[4])
        let (fromFrames, toFrames) = (from.shape[2], to.shape[2])
        for c in 0..<channels {
            let s = (c * fromFrames + source) * plane
            let t = (c * toFrames + target) * plane
            to.data.replaceSubrange(t..<(t + plane), with: from.data[s..<(s + plane)])
        }
    }
}
