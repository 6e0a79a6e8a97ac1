import Media
import Tensor

/// A conditioning picture for image-to-video sampling, prepared the way training prepares a
/// sample: Open-Sora's `resize_crop` to the bucket size (its inference reads references with
/// `read_from_path(…, transform_name="resize_crop")`), then normalised to [-1, 1].
public enum ReferenceImage {
    /// The picture at `path` (an image, or a video's first frame) as `[3, 1, height, width]`.
    public static func load(path: String, height: Int, width: Int) throws(ReferenceImageError) -> Tensor {
        do {
            let info = try probe(path)
            var unused = SampleDraws(seed: 0, epoch: 0, row: 0)  // resize_crop draws nothing
            let shape = try SpatialTransform.decodeShape(.resizeCrop, sourceWidth: info.width, sourceHeight: info.height,
                                                         targetWidth: width, targetHeight: height, draws: &unused)
            return try decodeTensor(path: path, frameIndices: [0], shape: shape, height: height, width: width, decoderThreads: 1)
        } catch {
            throw ReferenceImageError(path: path, reason: reason(error))
        }
    }
}

/// Why a conditioning picture could not be read; names the file.
public struct ReferenceImageError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var reason: String
    public var description: String { "cannot read the image '\(path)': \(reason)" }
}

/// Decodes `frameIndices` of `path` as `shape` asks and keeps its `height × width` window: the one
/// decode path of training samples and reference images.
func decodeTensor(path: String, frameIndices: [Int], shape: DecodeShape, height: Int, width: Int,
                  decoderThreads: Int) throws -> Tensor {
    let reader = MediaReader(path: path, decoderThreads: decoderThreads)
    let clip = try reader.decodeClip(frameIndices: frameIndices, width: shape.width, height: shape.height, crop: shape.crop)
    return clipTensor(clip, top: shape.top, left: shape.left, height: height, width: width)
}
