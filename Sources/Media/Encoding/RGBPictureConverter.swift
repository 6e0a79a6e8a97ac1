import CFFmpeg

/// Turns packed RGB24 pictures (rows of `width × 3` bytes, no padding: the layout `decodeClip`
/// returns) into an encoder's input frame in its pixel format. Owns the swscale context and the
/// frame; frees both in `deinit`. Bit-exact, accurately rounded swscale, so the same pixels give
/// the same frame on every CPU (the demo data is byte-identical for a seed).
final class RGBPictureConverter {
    let width: Int
    let height: Int
    let frame: UnsafeMutablePointer<AVFrame>
    private let context: OpaquePointer

    var byteCount: Int { width * height * 3 }

    init(width: Int, height: Int, format: AVPixelFormat, path: String) throws {
        self.width = width
        self.height = height
        guard let frame = av_frame_alloc() else {
            throw EncodeError(.encoder, path: path, message: "cannot allocate a frame")
        }
        frame.pointee.width = Int32(width)
        frame.pointee.height = Int32(height)
        frame.pointee.format = format.rawValue
        let flags = SWS_BILINEAR | SWS_ACCURATE_RND | SWS_BITEXACT
        guard av_frame_get_buffer(frame, 0) >= 0,
              let context = sws_getContext(Int32(width), Int32(height), AV_PIX_FMT_RGB24,
                                           Int32(width), Int32(height), format, Int32(flags), nil, nil, nil) else {
            var owned: UnsafeMutablePointer<AVFrame>? = frame
            av_frame_free(&owned)
            let name = av_get_pix_fmt_name(format).map { String(cString: $0) } ?? "\(format.rawValue)"
            throw EncodeError(.encoder, path: path, message: "cannot set up the RGB24 → \(name) conversion at \(width)x\(height)")
        }
        self.frame = frame
        self.context = context
    }

    deinit {
        sws_freeContext(context)
        var owned: UnsafeMutablePointer<AVFrame>? = frame
        av_frame_free(&owned)
    }

    /// Converts one picture into `frame`. The encoder may still hold the previous picture's
    /// buffers, so the frame is made writable (copied if shared) first.
    func load(_ rgb: UnsafePointer<UInt8>) -> Bool {
        guard av_frame_make_writable(frame) >= 0 else { return false }
        var sourcePlanes: (UnsafePointer<UInt8>?, UnsafePointer<UInt8>?, UnsafePointer<UInt8>?, UnsafePointer<UInt8>?) = (rgb, nil, nil, nil)
        var sourceLines: (Int32, Int32, Int32, Int32) = (Int32(width * 3), 0, 0, 0)
        var planes = frame.pointee.data
        var lines = frame.pointee.linesize
        let rows = withUnsafeBytes(of: &sourcePlanes) { sourcePlanesRaw in
            withUnsafeBytes(of: &sourceLines) { sourceLinesRaw in
                withUnsafeMutableBytes(of: &planes) { planesRaw in
                    withUnsafeMutableBytes(of: &lines) { linesRaw in
                        sws_scale(context, sourcePlanesRaw.bindMemory(to: UnsafePointer<UInt8>?.self).baseAddress,
                                  sourceLinesRaw.bindMemory(to: Int32.self).baseAddress, 0, Int32(height),
                                  planesRaw.bindMemory(to: UnsafeMutablePointer<UInt8>?.self).baseAddress,
                                  linesRaw.bindMemory(to: Int32.self).baseAddress)
                    }
                }
            }
        }
        return rows == Int32(height)
    }
}

/// Runs `body` on the bytes of a picture: contiguous collections (arrays, slices of a clip's pixels,
/// buffer pointers) are used in place, anything else is copied once. Checks the byte count so that a
/// wrong-sized buffer is an error naming the output, never a read out of bounds.
func withPictureBytes<Pixels: Collection<UInt8>, T>(
    _ pixels: Pixels, expected: Int, width: Int, height: Int, path: String,
    _ body: (UnsafePointer<UInt8>) throws -> T
) throws -> T {
    guard pixels.count == expected else {
        throw EncodeError(.invalidArgument, path: path,
                          message: "a \(width)x\(height) RGB24 picture has \(expected) bytes, got \(pixels.count)")
    }
    if let result = try pixels.withContiguousStorageIfAvailable({ try body($0.baseAddress!) }) {
        return result
    }
    return try Array(pixels).withUnsafeBufferPointer { try body($0.baseAddress!) }
}
