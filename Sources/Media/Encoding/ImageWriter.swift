import CFFmpeg
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Still-image file formats `ImageWriter` writes.
public enum ImageFormat: String, Sendable, Equatable, CaseIterable {
    /// Lossless, RGB24.
    case png
    /// Baseline JPEG (FFmpeg's mjpeg encoder), full-range 4:2:0.
    case jpeg

    /// The format a file name's extension names (.png, .jpg, .jpeg; any case), else nil.
    public init?(path: String) {
        guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else { return nil }
        switch path[path.index(after: dot)...].lowercased() {
        case "png": self = .png
        case "jpg", "jpeg": self = .jpeg
        default: return nil
        }
    }
}

/// Writes one packed RGB24 picture (`height × width × 3` bytes, e.g. a frame of an `RGBClip`) as a
/// PNG or JPEG file, atomically: the file appears complete or not at all. A value: safe to share
/// between threads (each call sets up its own encoder).
public struct ImageWriter: Sendable, Equatable {
    /// The JPEG quantizer (2 best … 31 worst).
    public var jpegQuality: Int

    public init(jpegQuality: Int = 2) {
        self.jpegQuality = min(31, max(2, jpegQuality))
    }

    /// Writes `pixels` to `path`, in `format` or else the one the extension names.
    public func write<Pixels: Collection<UInt8>>(_ pixels: Pixels, width: Int, height: Int, to path: String,
                                                  format: ImageFormat? = nil) throws {
        guard let format = format ?? ImageFormat(path: path) else {
            throw EncodeError(.invalidArgument, path: path, message: "cannot tell the image format from the file name; use .png, .jpg or .jpeg")
        }
        guard width > 0, height > 0 else {
            throw EncodeError(.invalidArgument, path: path, message: "an image needs a positive size, got \(width)x\(height)")
        }
        let log = LogCapture()
        let codecID = format == .png ? AV_CODEC_ID_PNG : AV_CODEC_ID_MJPEG
        guard let codec = avcodec_find_encoder(codecID) else {
            throw EncodeError(.encoder, path: path, message: "this FFmpeg has no \(format.rawValue) encoder")
        }
        let pixelFormat = format == .png ? AV_PIX_FMT_RGB24 : AV_PIX_FMT_YUVJ420P
        let quality = jpegQuality
        let encoder = try FrameEncoder(codec: codec, path: path, log: log, options: []) { context in
            context.pointee.width = Int32(width)
            context.pointee.height = Int32(height)
            context.pointee.pix_fmt = pixelFormat
            context.pointee.time_base = AVRational(num: 1, den: 1)
            context.pointee.thread_count = 1
            // No encoder version comment in the file: same pixels, same bytes.
            context.pointee.flags |= AV_CODEC_FLAG_BITEXACT
            if format == .jpeg {
                context.pointee.flags |= AV_CODEC_FLAG_QSCALE
                context.pointee.global_quality = FF_QP2LAMBDA * Int32(quality)
                context.pointee.color_range = AVCOL_RANGE_JPEG
            }
        }
        let converter = try RGBPictureConverter(width: width, height: height, format: pixelFormat, path: path)
        try withPictureBytes(pixels, expected: converter.byteCount, width: width, height: height, path: path) { rgb in
            guard converter.load(rgb) else {
                throw EncodeError(.encoder, path: path, message: "cannot convert the picture from RGB24")
            }
        }
        converter.frame.pointee.pts = 0
        // An image encoder turns one frame into one packet that is the whole file.
        var bytes: [UInt8] = []
        let collect: (UnsafeMutablePointer<AVPacket>) throws -> Void = { packet in
            bytes.append(contentsOf: UnsafeBufferPointer(start: packet.pointee.data, count: Int(packet.pointee.size)))
        }
        try encoder.encode(converter.frame, consume: collect)
        try encoder.encode(nil, consume: collect)
        guard !bytes.isEmpty else {
            throw EncodeError(.encoder, path: path, message: "the \(format.rawValue) encoder produced no data", ffmpegLog: log.lines)
        }
        try writeAtomically(bytes, to: path)
    }
}

/// Writes `bytes` under a temporary name next to `path` and renames it into place.
private func writeAtomically(_ bytes: [UInt8], to path: String) throws {
    let temporary = TemporaryOutput(path: path)
    guard let file = fopen(temporary.temporaryPath, "wb") else {
        throw EncodeError(.output, path: path, message: "cannot create the file: \(systemErrorText())")
    }
    let written = bytes.withUnsafeBufferPointer { fwrite($0.baseAddress, 1, $0.count, file) }
    let writeError = written == bytes.count ? nil : systemErrorText()
    let closed = fclose(file) == 0
    guard writeError == nil, closed else {
        let reason = writeError ?? systemErrorText()
        temporary.discard()
        throw EncodeError(.output, path: path, message: "cannot write the file: \(reason)")
    }
    try temporary.commit()
}
