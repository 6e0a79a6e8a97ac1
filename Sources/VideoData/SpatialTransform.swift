import Media

/// Where Open-Sora's transforms take the target picture from, as a rectangle of the source frame.
///
/// Open-Sora resizes the whole frame and then crops; the decoder here crops the source first and
/// scales only the kept pixels (video-perf.md §C). Both give the same picture up to where the
/// bilinear filter samples (within one source pixel): the rectangle is the crop mapped back
/// through the resize.
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

    /// The source rectangle for one sample, or a reason it cannot be made.
    static func sourceRegion(_ transform: TransformName, sourceWidth: Int, sourceHeight: Int,
                             targetWidth: Int, targetHeight: Int, draws: inout SampleDraws) throws(SampleError) -> PixelRegion {
        guard sourceWidth > 0, sourceHeight > 0 else {
            throw SampleError("the frame has no size (\(sourceWidth)x\(sourceHeight))")
        }
        switch transform {
        case .resizeCrop:
            let g = resizeCropGeometry(height: sourceHeight, width: sourceWidth,
                                       targetHeight: targetHeight, targetWidth: targetWidth)
            return mapBack(top: g.top, left: g.left, height: targetHeight, width: targetWidth,
                           resizedHeight: g.resizedHeight, resizedWidth: g.resizedWidth,
                           sourceHeight: sourceHeight, sourceWidth: sourceWidth)
        case .center:
            guard targetWidth == targetHeight else {
                throw SampleError("transform_name 'center' needs a square size, the bucket asks for \(targetHeight)x\(targetWidth)")
            }
            let g = centerGeometry(height: sourceHeight, width: sourceWidth, size: targetHeight)
            return mapBack(top: g.top, left: g.left, height: targetHeight, width: targetWidth,
                           resizedHeight: g.resizedHeight, resizedWidth: g.resizedWidth,
                           sourceHeight: sourceHeight, sourceWidth: sourceWidth)
        case .randSizeCrop:
            let crop = randomSizedCrop(height: sourceHeight, width: sourceWidth,
                                       targetHeight: targetHeight, targetWidth: targetWidth, draws: &draws)
            guard crop.height > 0, crop.width > 0 else {
                throw SampleError("the \(sourceWidth)x\(sourceHeight) frame is too small for rand_size_crop (sides are multiples of 8)")
            }
            return PixelRegion(x: crop.left, y: crop.top, width: crop.width, height: crop.height)
        }
    }

    /// The source pixels behind the crop `(top, left, height, width)` of the frame resized to
    /// `resizedHeight × resizedWidth`, rounded to whole pixels and kept inside the frame.
    static func mapBack(top: Int, left: Int, height: Int, width: Int, resizedHeight: Int, resizedWidth: Int,
                        sourceHeight: Int, sourceWidth: Int) -> PixelRegion {
        func span(_ start: Int, _ length: Int, resized: Int, source: Int) -> (Int, Int) {
            let scale = Double(source) / Double(max(resized, 1))
            let first = min(source - 1, max(0, Int((Double(start) * scale).rounded())))
            let extent = min(source - first, max(1, Int((Double(length) * scale).rounded())))
            return (first, extent)
        }
        let (x, w) = span(left, width, resized: resizedWidth, source: sourceWidth)
        let (y, h) = span(top, height, resized: resizedHeight, source: sourceHeight)
        return PixelRegion(x: x, y: y, width: w, height: h)
    }
}

/// Why one sample could not be made; the loader drops the sample and reports this text.
public struct SampleError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
