import Media

/// Open-Sora's spatial transforms as geometry: which size the frame is resized to and where the
/// crop is (see `DecodeShape` for how the decoder is asked for it).
public enum SpatialTransform {
    /// Open-Sora's `resize_crop_to_fill` geometry: `(sh, sw, i, j)` is the size the frame is resized
    /// to and the top-left of the crop in it. `round` is Python's (halves to even), and
    /// `int(round(d) / 2.0)` truncates.
    public static func resizeCropGeometry(height: Int, width: Int, targetHeight: Int, targetWidth: Int)
        -> (resizedHeight: Int, resizedWidth: Int, top: Int, left: Int) {
        let rh = Double(targetHeight) / Double(height)
        let rw = Double(targetWidth) / Double(width)
        if rh > rw {
            let resizedWidth = Int((Double(width) * rh).rounded(.toNearestOrEven))
            return (targetHeight, resizedWidth, 0, (resizedWidth - targetWidth) / 2)
        }
        let resizedHeight = Int((Double(height) * rw).rounded(.toNearestOrEven))
        return (resizedHeight, targetWidth, (resizedHeight - targetHeight) / 2, 0)
    }

    /// Open-Sora's `UCFCenterCropVideo` geometry (square targets): resize by `size / min(h, w)`
    /// (torch's output size is `floor(side × scale)`), then `center_crop` with
    /// `int(round((s − size) / 2.0))`.
    public static func centerGeometry(height: Int, width: Int, size: Int)
        -> (resizedHeight: Int, resizedWidth: Int, top: Int, left: Int) {
        let scale = Double(size) / Double(min(height, width))
        let resizedHeight = Int((Double(height) * scale).rounded(.down))
        let resizedWidth = Int((Double(width) * scale).rounded(.down))
        let top = Int((Double(resizedHeight - size) / 2).rounded(.toNearestOrEven))
        let left = Int((Double(resizedWidth - size) / 2).rounded(.toNearestOrEven))
        return (resizedHeight, resizedWidth, top, left)
    }

    /// Open-Sora's `RandomSizedCrop.get_params` with `size = (targetHeight, targetWidth)`: crop sides
    /// drawn in that range (sorted: Python's `randint` refuses a reversed range), rounded down to
    /// multiples of 8 and to the frame; the corner drawn uniformly. Returns (top, left, height, width).
    public static func randomSizedCrop(height: Int, width: Int, targetHeight: Int, targetWidth: Int,
                                       draws: inout SampleDraws) -> (top: Int, left: Int, height: Int, width: Int) {
        let low = min(targetHeight, targetWidth), high = max(targetHeight, targetWidth)
        var cropHeight = draws.integer(low, high)
        var cropWidth = draws.integer(low, high)
        cropHeight -= cropHeight % 8
        cropWidth -= cropWidth % 8
        if height < cropHeight { cropHeight = height - height % 8 }
        if width < cropWidth { cropWidth = width - width % 8 }
        if width == cropWidth && height == cropHeight { return (0, 0, height, width) }
        let top = draws.integer(0, height - cropHeight)
        let left = draws.integer(0, width - cropWidth)
        return (top, left, cropHeight, cropWidth)
    }

    /// What to ask the decoder for, for one sample, or a reason it cannot be made.
    static func decodeShape(_ transform: TransformName, sourceWidth: Int, sourceHeight: Int,
                            targetWidth: Int, targetHeight: Int, draws: inout SampleDraws) throws(SampleError) -> DecodeShape {
        guard sourceWidth > 0, sourceHeight > 0 else {
            throw SampleError("the frame has no size (\(sourceWidth)x\(sourceHeight))")
        }
        switch transform {
        case .resizeCrop:
            let g = resizeCropGeometry(height: sourceHeight, width: sourceWidth, targetHeight: targetHeight, targetWidth: targetWidth)
            return DecodeShape(crop: .stretch, width: g.resizedWidth, height: g.resizedHeight, top: g.top, left: g.left)
        case .center:
            guard targetWidth == targetHeight else {
                throw SampleError("transform_name 'center' needs a square size, the bucket asks for \(targetHeight)x\(targetWidth)")
            }
            let g = centerGeometry(height: sourceHeight, width: sourceWidth, size: targetHeight)
            guard g.resizedHeight >= targetHeight, g.resizedWidth >= targetWidth else {
                // torch's floor(side × scale) can land one short of the size; Open-Sora raises then too.
                throw SampleError("'center' resizes the \(sourceWidth)x\(sourceHeight) frame to \(g.resizedWidth)x\(g.resizedHeight), smaller than \(targetWidth)x\(targetHeight)")
            }
            return DecodeShape(crop: .stretch, width: g.resizedWidth, height: g.resizedHeight, top: g.top, left: g.left)
        case .randSizeCrop:
            let crop = randomSizedCrop(height: sourceHeight, width: sourceWidth,
                                       targetHeight: targetHeight, targetWidth: targetWidth, draws: &draws)
            guard crop.height > 0, crop.width > 0 else {
                throw SampleError("the \(sourceWidth)x\(sourceHeight) frame is too small for rand_size_crop (sides are multiples of 8)")
            }
            let region = PixelRegion(x: crop.left, y: crop.top, width: crop.width, height: crop.height)
            return DecodeShape(crop: .region(region), width: targetWidth, height: targetHeight, top: 0, left: 0)
        }
    }
}

/// The picture the decoder delivers and the part of it a sample keeps.
///
/// `resize_crop` and `center` resize the whole frame, as Open-Sora does, and the crop is taken when
/// the bytes become floats: cropping the source first would move the picture by up to a source
/// pixel, because source offsets snap to the chroma grid (even columns for 4:2:0), and saves only
/// a few percent (video-perf.md §C). `rand_size_crop` cuts its rectangle from the source (offsets on
/// the chroma grid) and scales it to the requested size, so that a batch stacks; Open-Sora returns
/// the rectangle unscaled, which stacks only when every sample drew the same size.
public struct DecodeShape: Sendable, Equatable {
    public var crop: ClipCrop
    public var width: Int
    public var height: Int
    public var top: Int
    public var left: Int
}

/// Why one sample could not be made; the loader drops the sample and reports this text.
public struct SampleError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
