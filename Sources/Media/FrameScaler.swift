import CFFmpeg

/// A rectangle of source pixels.
public struct PixelRegion: Sendable, Equatable {
    public var x: Int, y: Int, width: Int, height: Int

    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }
}

/// Which part of the source frame becomes the target picture.
public enum ClipCrop: Sendable, Equatable {
    /// The whole frame, scaled to the target size (aspect ratio not kept).
    case stretch
    /// Scale to cover the target and cut the overflow evenly from both sides, as Open-Sora's
    /// `resize_crop` does; the cut is made on the source so only kept pixels are scaled.
    case centerCover
    /// This source rectangle, scaled to the target size.
    case region(PixelRegion)

    /// The source rectangle for a `sourceWidth × sourceHeight` frame. Offsets are rounded down to the
    /// chroma grid (as FFmpeg's crop filter does) so that chroma planes stay aligned with luma.
    public func sourceRegion(sourceWidth: Int, sourceHeight: Int, targetWidth: Int, targetHeight: Int,
                             chromaShiftX: Int = 1, chromaShiftY: Int = 1) -> PixelRegion? {
        var region: PixelRegion
        switch self {
        case .stretch:
            region = PixelRegion(x: 0, y: 0, width: sourceWidth, height: sourceHeight)
        case .centerCover:
            let scale = max(Double(targetWidth) / Double(sourceWidth), Double(targetHeight) / Double(sourceHeight))
            let width = min(sourceWidth, max(1, Int((Double(targetWidth) / scale).rounded())))
            let height = min(sourceHeight, max(1, Int((Double(targetHeight) / scale).rounded())))
            region = PixelRegion(x: (sourceWidth - width) / 2, y: (sourceHeight - height) / 2, width: width, height: height)
        case .region(let given):
            region = given
        }
        region.x &= ~((1 << chromaShiftX) - 1)
        region.y &= ~((1 << chromaShiftY) - 1)
        guard region.x >= 0, region.y >= 0, region.width > 0, region.height > 0,
              region.x + region.width <= sourceWidth, region.y + region.height <= sourceHeight else { return nil }
        return region
    }
}

/// Turns decoded frames into packed RGB24 at the target size. Two swscale passes, because one pass
/// that scales and converts to packed RGB is several times slower (video-perf.md §C): first scale
/// the cropped source in its own pixel format, then convert at the small size. Owns both swscale
/// contexts and the intermediate frame; frees them in `deinit`.
final class FrameScaler {
    private var resizeContext: OpaquePointer?
    private var convertContext: OpaquePointer?
    private let resized: UnsafeMutablePointer<AVFrame>
    /// swscale's SIMD code may write past the end of a row, so it converts into this padded frame
    /// and the rows are then copied into the caller's tightly packed buffer.
    private let converted: UnsafeMutablePointer<AVFrame>

    init() throws {
        guard let resized = av_frame_alloc(), let converted = av_frame_alloc() else {
            throw MediaError(.decoder, path: "", message: "cannot allocate a frame")
        }
        self.resized = resized
        self.converted = converted
    }

    deinit {
        sws_freeContext(resizeContext)
        sws_freeContext(convertContext)
        for frame in [resized, converted] {
            var pointer: UnsafeMutablePointer<AVFrame>? = frame
            av_frame_free(&pointer)
        }
    }

    /// Crops `frame` in place (pointer arithmetic only) to `region`, then scales into `output`.
    func scale(_ frame: UnsafeMutablePointer<AVFrame>, region: PixelRegion, width: Int, height: Int,
               into output: UnsafeMutablePointer<UInt8>) -> Bool {
        frame.pointee.crop_left = region.x
        frame.pointee.crop_top = region.y
        frame.pointee.crop_right = Int(frame.pointee.width) - region.x - region.width
        frame.pointee.crop_bottom = Int(frame.pointee.height) - region.y - region.height
        guard av_frame_apply_cropping(frame, Int32(AV_FRAME_CROP_UNALIGNED)) >= 0 else { return false }
        let format = AVPixelFormat(rawValue: frame.pointee.format)
        var source = frame
        var sourceSize = (width: Int32(region.width), height: Int32(region.height))
        // Formats swscale cannot write (pal8, some packed or bitstream formats) are scaled and
        // converted in one pass instead.
        let twoPasses = sws_isSupportedOutput(format) != 0
        if twoPasses, region.width != width || region.height != height {
            guard prepare(resized, width: width, height: height, format: format) else { return false }
            resizeContext = sws_getCachedContext(resizeContext, Int32(region.width), Int32(region.height), format,
                                                 Int32(width), Int32(height), format, SWS_BILINEAR, nil, nil, nil)
            guard let resizeContext else { return false }
            var lines = resized.pointee.linesize
            var planes = resized.pointee.data
            let rows = withPlanes(frame) { sourcePlanes, sourceLines in
                withUnsafeMutableBytes(of: &planes) { planesRaw in
                    withUnsafeMutableBytes(of: &lines) { linesRaw in
                        sws_scale(resizeContext, sourcePlanes, sourceLines, 0, Int32(region.height),
                                  planesRaw.bindMemory(to: UnsafeMutablePointer<UInt8>?.self).baseAddress,
                                  linesRaw.bindMemory(to: Int32.self).baseAddress)
                    }
                }
            }
            guard rows > 0 else { return false }
            source = resized
            sourceSize = (Int32(width), Int32(height))
        }
        convertContext = sws_getCachedContext(convertContext, sourceSize.width, sourceSize.height, format,
                                              Int32(width), Int32(height), AV_PIX_FMT_RGB24, SWS_BILINEAR, nil, nil, nil)
        guard let convertContext, prepare(converted, width: width, height: height, format: AV_PIX_FMT_RGB24) else { return false }
        var planes = converted.pointee.data
        var lines = converted.pointee.linesize
        let rows = withPlanes(source) { sourcePlanes, sourceLines in
            withUnsafeMutableBytes(of: &planes) { planesRaw in
                withUnsafeMutableBytes(of: &lines) { linesRaw in
                    sws_scale(convertContext, sourcePlanes, sourceLines, 0, sourceSize.height,
                              planesRaw.bindMemory(to: UnsafeMutablePointer<UInt8>?.self).baseAddress,
                              linesRaw.bindMemory(to: Int32.self).baseAddress)
                }
            }
        }
        guard rows == Int32(height), let rgb = converted.pointee.data.0 else { return false }
        let stride = Int(converted.pointee.linesize.0)
        for row in 0..<height {
            (output + row * width * 3).update(from: rgb + row * stride, count: width * 3)
        }
        return true
    }

    private func prepare(_ frame: UnsafeMutablePointer<AVFrame>, width: Int, height: Int, format: AVPixelFormat) -> Bool {
        if frame.pointee.width == Int32(width), frame.pointee.height == Int32(height),
           frame.pointee.format == format.rawValue, frame.pointee.data.0 != nil {
            return true
        }
        av_frame_unref(frame)
        frame.pointee.width = Int32(width)
        frame.pointee.height = Int32(height)
        frame.pointee.format = format.rawValue
        return av_frame_get_buffer(frame, 0) >= 0
    }

    /// `AVFrame.data` and `.linesize` import as 8-tuples; swscale wants C arrays.
    private func withPlanes<T>(_ frame: UnsafeMutablePointer<AVFrame>,
                               _ body: (UnsafePointer<UnsafePointer<UInt8>?>?, UnsafePointer<Int32>?) -> T) -> T {
        var planes = frame.pointee.data
        var lines = frame.pointee.linesize
        return withUnsafeBytes(of: &planes) { planesRaw in
            withUnsafeBytes(of: &lines) { linesRaw in
                body(planesRaw.bindMemory(to: UnsafePointer<UInt8>?.self).baseAddress,
                     linesRaw.bindMemory(to: Int32.self).baseAddress)
            }
        }
    }
}
