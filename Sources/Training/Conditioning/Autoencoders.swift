import DataTable
import Tensor

/// The `identity` autoencoder: latents are the pixels, optionally folded by `space_to_depth`
/// factor s: [..., C, T, H, W] → [..., C·s², T, H/s, W/s], channel c·s² + i·s + j holding pixel
/// (s·h + i, s·w + j) of channel c — `torch.nn.functional.pixel_unshuffle` applied to every
/// frame. `decode` is its exact inverse (pixel_shuffle). s = 1 passes tensors through.
public struct IdentityAutoencoder: Sendable, Equatable {
    public let spaceToDepth: Int

    public init(spaceToDepth: Int = 1) {
        precondition(spaceToDepth >= 1, "space_to_depth factor \(spaceToDepth)")
        self.spaceToDepth = spaceToDepth
    }

    /// The spatial compression (Open-Sora's `ae_spatial_compression`), for bucket sizes.
    public var spatialCompression: Int { spaceToDepth }

    /// The latent shape of a video of `shape` [..., C, T, H, W]; throws when H or W is not a
    /// multiple of the factor.
    public func latentShape(of shape: [Int]) throws -> [Int] {
        guard shape.count >= 4 else { throw ConditioningError("video of shape \(shape); expected [C, T, H, W] or [B, C, T, H, W]") }
        let s = spaceToDepth
        let (c, t, h, w) = (shape[shape.count - 4], shape[shape.count - 3], shape[shape.count - 2], shape[shape.count - 1])
        guard h % s == 0, w % s == 0 else {
            throw ConditioningError("frames of \(w)×\(h) pixels: space_to_depth \(s) needs width and height divisible by \(s)")
        }
        return shape.dropLast(4) + [c * s * s, t, h / s, w / s]
    }

    public func encode(_ video: Tensor) throws -> Tensor {
        let latent = try latentShape(of: video.shape)
        guard spaceToDepth > 1 else { return video }
        var out = Tensor(shape: latent)
        permute(pixels: video.shape, latent: latent) { pixel, folded in out.data[folded] = video.data[pixel] }
        return out
    }

    public func decode(_ latent: Tensor) throws -> Tensor {
        let s = spaceToDepth
        guard latent.shape.count >= 4, latent.shape[latent.shape.count - 4] % (s * s) == 0 else {
            throw ConditioningError("latent of shape \(latent.shape); expected [..., C·\(s * s), T, H, W]")
        }
        guard s > 1 else { return latent }
        let n = latent.shape.count
        let pixels = latent.shape.dropLast(4) + [latent.shape[n - 4] / (s * s), latent.shape[n - 3], latent.shape[n - 2] * s, latent.shape[n - 1] * s]
        var out = Tensor(shape: Array(pixels))
        permute(pixels: Array(pixels), latent: latent.shape) { pixel, folded in out.data[pixel] = latent.data[folded] }
        return out
    }

    /// Calls `body(pixelIndex, latentIndex)` for every element: the one index map both directions use.
    private func permute(pixels: [Int], latent: [Int], _ body: (Int, Int) -> Void) {
        let s = spaceToDepth
        let n = pixels.count
        let (c, t, h, w) = (pixels[n - 4], pixels[n - 3], pixels[n - 2], pixels[n - 1])
        let (lh, lw) = (h / s, w / s)
        let batch = pixels.dropLast(4).reduce(1, *)
        var pixel = 0
        for b in 0..<batch {
            for channel in 0..<c {
                for frame in 0..<t {
                    for y in 0..<h {
                        for x in 0..<w {
                            let foldedChannel = channel * s * s + (y % s) * s + (x % s)
                            let folded = (((b * c * s * s + foldedChannel) * t + frame) * lh + y / s) * lw + x / s
                            body(pixel, folded)
                            pixel += 1
                        }
                    }
                }
            }
        }
    }
}

/// Latents computed elsewhere (Open-Sora's `cached_video` mode, table column `latents_path`):
/// one safetensors file per sample holding the tensor `key` (default `latents`, or the file's only
/// tensor), [C, T, H, W] or [1, C, T, H, W] (the leading 1 is dropped).
public struct PrecomputedLatents: Sendable {
    public let column: PathColumn
    public let key: String

    public init(column: PathColumn, key: String = "latents") {
        self.column = column
        self.key = key
    }

    public func latent(for row: TableRow) throws -> Tensor {
        try latent(for: row, expected: nil)
    }

    /// The row's latent, which must have the `expected` shape [C, T, H, W] when one is given;
    /// `why` says where that shape comes from, for the message.
    public func latent(for row: TableRow, expected: [Int]?, why: String = "") throws -> Tensor {
        let (file, origin) = try column.file(in: row)
        var tensor = try tensor(named: key, in: file, origin: origin)
        if tensor.shape.count == 5, tensor.shape[0] == 1 { tensor.shape.removeFirst() }
        guard tensor.shape.count == 4 else {
            throw ConditioningError("\(origin): latent of shape \(tensor.shape); expected [C, T, H, W]")
        }
        if let expected, tensor.shape != expected {
            throw ConditioningError("\(origin): latent of shape \(tensor.shape); the model expects \(expected)\(why.isEmpty ? "" : " (\(why))")")
        }
        return tensor
    }
}

/// The latent shape a bucket's clip corresponds to, for precomputed latents: [C, (T − 1)/t + 1,
/// H/s, W/s] for T frames of W×H pixels (`ae.temporal_compression` t, `ae.spatial_compression` s,
/// C the model's `in_channels`). The (T − 1)/t + 1 count is a causal video autoencoder's (its
/// first frame is encoded alone), and with t = 1 it is T.
public struct LatentGeometry: Sendable, Equatable {
    public let channels: Int
    public let spatialCompression: Int
    public let temporalCompression: Int

    public init(channels: Int, spatialCompression: Int = 1, temporalCompression: Int = 1) {
        precondition(channels > 0 && spatialCompression > 0 && temporalCompression > 0, "latent geometry \(channels), \(spatialCompression), \(temporalCompression)")
        self.channels = channels
        self.spatialCompression = spatialCompression
        self.temporalCompression = temporalCompression
    }

    /// The latent of a clip of `frames` × `height` × `width` pixels; throws when the sides do not
    /// divide by the spatial compression.
    public func latentShape(frames: Int, height: Int, width: Int) throws -> [Int] {
        let s = spatialCompression
        guard height % s == 0, width % s == 0 else {
            throw ConditioningError("a bucket of \(width)×\(height) pixels does not divide by ae.spatial_compression \(s)")
        }
        return [channels, (max(frames, 1) - 1) / temporalCompression + 1, height / s, width / s]
    }

    /// What a message says about where a shape comes from.
    public func explanation(frames: Int, height: Int, width: Int) -> String {
        "a bucket of \(frames) frame(s) of \(width)×\(height) pixels, model.in_channels \(channels), ae.temporal_compression \(temporalCompression), ae.spatial_compression \(spatialCompression)"
    }
}
