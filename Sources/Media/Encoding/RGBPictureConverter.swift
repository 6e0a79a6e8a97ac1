import CFFmpeg

/// Turns packed RGB24 pictures (rows of `width × 3` bytes, no padding: the layout `decodeClip`
/// returns) into an encoder's input frame in its pixel format. Owns the swscale context and both
/// frames; frees them in `deinit`.
///
/// Same pixels must give the same file (the demo data is byte-identical for a seed), so no byte the
/// encoder can see is left to chance: the picture is first copied into a zeroed, padded RGB24
/// frame whose rows end by repeating their last pixel (swscale's SIMD code reads whole vectors,
/// past the end of a row and of a tightly packed buffer), swscale runs bit-exact, and the padding
/// at the end of every output row repeats the row's last byte (encoders copy and analyse whole
/// vectors too). Output buffers are zeroed whenever they are (re)allocated.
final class RGBPictureConverter {
    let width: Int
    let height: Int
    let frame: UnsafeMutablePointer<AVFrame>
    private let source: UnsafeMutablePointer<AVFrame>
    private let context: OpaquePointer

    var byteCount: Int { width * height * 3 }

    init(width: Int, height: Int, format: AVPixelFormat, path: String) throws {
        self.width = width
        self.height = height
        let name = av_get_pix_fmt_name(format).map { String(cString: $0) } ?? "\(format.rawValue)"
        guard let frame = allocateZeroedFrame(width: width, height: height, format: format) else {
            throw EncodeError(.encoder, path: path, message: "cannot allocate a \(width)x\(height) \(name) frame")
        }
        guard let source = allocateZeroedFrame(width: width, height: height, format: AV_PIX_FMT_RGB24) else {
            freeFrame(frame)
            throw EncodeError(.encoder, path: path, message: "cannot allocate a \(width)x\(height) rgb24 frame")
        }
        let flags = SWS_BILINEAR | SWS_ACCURATE_RND | SWS_BITEXACT
        guard let context = sws_getContext(Int32(width), Int32(height), AV_PIX_FMT_RGB24,
                                           Int32(width), Int32(height), format, Int32(flags), nil, nil, nil) else {
            freeFrame(frame)
            freeFrame(source)
            throw EncodeError(.encoder, path: path, message: "cannot set up the RGB24 → \(name) conversion at \(width)x\(height)")
        }
        self.frame = frame
        self.source = source
        self.context = context
    }

    deinit {
        sws_freeContext(context)
        freeFrame(frame)
        freeFrame(source)
    }

    /// Converts one picture into `frame`. An encoder that keeps a reference to the previous
    /// picture gets to keep it: the frame then moves to fresh zeroed buffers.
    func load(_ rgb: UnsafePointer<UInt8>) -> Bool {
        if av_frame_is_writable(frame) == 0 {
            let format = frame.pointee.format
            av_frame_unref(frame)
            guard allocateZeroedBuffers(frame, width: width, height: height, format: AVPixelFormat(rawValue: format)) else { return false }
        }
        guard let sourceBytes = source.pointee.data.0 else { return false }
        let sourceStride = Int(source.pointee.linesize.0)
        let rowBytes = width * 3
        for row in 0 ..< height {
            let line = sourceBytes + row * sourceStride
            line.update(from: rgb + row * rowBytes, count: rowBytes)
            // swscale's chroma filter reads one pixel past an odd width: let it see the edge pixel
            // again, not black.
            for offset in rowBytes ..< sourceStride { line[offset] = line[offset - 3] }
        }
        var sourcePlanes = source.pointee.data
        var sourceLines = source.pointee.linesize
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
        guard rows == Int32(height) else { return false }
        fillRowPadding()
        return true
    }

    /// Repeats the last byte of every row of every plane up to the row's stride.
    private func fillRowPadding() {
        guard let descriptor = av_pix_fmt_desc_get(AVPixelFormat(rawValue: frame.pointee.format)) else { return }
        var planeBytes: [(width: Int, height: Int)] = []
        if descriptor.pointee.flags & UInt64(AV_PIX_FMT_FLAG_PLANAR) != 0 {
            let shiftX = Int(descriptor.pointee.log2_chroma_w), shiftY = Int(descriptor.pointee.log2_chroma_h)
            let chroma = (width: -((-width) >> shiftX), height: -((-height) >> shiftY))
            planeBytes = [(width, height)] + Array(repeating: chroma, count: Int(descriptor.pointee.nb_components) - 1)
        } else {
            planeBytes = [(width * Int(av_get_bits_per_pixel(descriptor)) / 8, height)]
        }
        withUnsafeBytes(of: frame.pointee.data) { planesRaw in
            let planes = planesRaw.bindMemory(to: UnsafeMutablePointer<UInt8>?.self)
            withUnsafeBytes(of: frame.pointee.linesize) { linesRaw in
                let lines = linesRaw.bindMemory(to: Int32.self)
                for (plane, size) in planeBytes.enumerated() {
                    guard let base = planes[plane] else { continue }
                    let stride = Int(lines[plane])
                    guard stride > size.width else { continue }
                    for row in 0 ..< size.height {
                        let start = base + row * stride
                        (start + size.width).update(repeating: start[size.width - 1], count: stride - size.width)
                    }
                }
            }
        }
    }
}

/// A frame with its buffers allocated and every byte of them zeroed, or nil.
private func allocateZeroedFrame(width: Int, height: Int, format: AVPixelFormat) -> UnsafeMutablePointer<AVFrame>? {
    guard let frame = av_frame_alloc() else { return nil }
    guard allocateZeroedBuffers(frame, width: width, height: height, format: format) else {
        freeFrame(frame)
        return nil
    }
    return frame
}

/// Gives an empty frame buffers for a picture and zeroes every byte of them, padding included.
private func allocateZeroedBuffers(_ frame: UnsafeMutablePointer<AVFrame>, width: Int, height: Int, format: AVPixelFormat) -> Bool {
    frame.pointee.width = Int32(width)
    frame.pointee.height = Int32(height)
    frame.pointee.format = format.rawValue
    guard av_frame_get_buffer(frame, 0) >= 0 else { return false }
    withUnsafeBytes(of: frame.pointee.buf) { buffers in
        for buffer in buffers.bindMemory(to: UnsafeMutablePointer<AVBufferRef>?.self) {
            if let buffer, let data = buffer.pointee.data { data.update(repeating: 0, count: Int(buffer.pointee.size)) }
        }
    }
    return true
}

private func freeFrame(_ frame: UnsafeMutablePointer<AVFrame>) {
    var owned: UnsafeMutablePointer<AVFrame>? = frame
    av_frame_free(&owned)
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
