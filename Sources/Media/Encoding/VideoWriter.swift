import CFFmpeg

/// How `VideoWriter` encodes. The defaults give small, visually lossless files for flat synthetic
/// pictures and identical bytes for identical input on one FFmpeg build (one encoder thread).
public struct VideoEncoding: Sendable, Equatable {
    public enum Codec: String, Sendable, Equatable {
        /// H.264 with libx264, 4:2:0.
        case h264
        /// MPEG-4 Part 2 with FFmpeg's own encoder, 4:2:0: there in every FFmpeg build.
        case mpeg4
    }

    /// Nil: H.264 when this FFmpeg has libx264, MPEG-4 Part 2 otherwise.
    public var codec: Codec?
    /// libx264's constant rate factor (0 lossless … 51 worst).
    public var crf: Int
    /// libx264's speed preset ("ultrafast" … "veryslow").
    public var preset: String
    /// The MPEG-4 Part 2 quantizer (2 best … 31 worst).
    public var mpeg4Quantizer: Int
    /// Frames between keyframes; nil is one a second, so a clip read seeks close to its start.
    public var keyframeInterval: Int?
    /// Encoder threads. 1 keeps the output byte-identical from run to run; writers of many small
    /// files get their parallelism from one file per core instead.
    public var threads: Int

    public init(codec: Codec? = nil, crf: Int = 18, preset: String = "medium", mpeg4Quantizer: Int = 3,
                keyframeInterval: Int? = nil, threads: Int = 1) {
        self.codec = codec
        self.crf = crf
        self.preset = preset
        self.mpeg4Quantizer = mpeg4Quantizer
        self.keyframeInterval = keyframeInterval
        self.threads = max(1, threads)
    }

    /// The codec `codec: nil` resolves to with this FFmpeg.
    public static var automaticCodec: Codec { avcodec_find_encoder_by_name("libx264") != nil ? .h264 : .mpeg4 }
}

/// Writes packed RGB24 frames (`height × width × 3` bytes each, the layout of `RGBClip`) to a
/// video file: H.264 or MPEG-4 Part 2 in yuv420p, in the container the extension names (.mp4,
/// .mov, .mkv). Frames are stamped 0, 1, 2… at `fps`. The file appears only when `finish()`
/// succeeds: until then it is a hidden temporary file in the same folder, removed on any failure or
/// when the writer is dropped unfinished. Not Sendable: one writer per thread.
public final class VideoWriter {
    public let path: String
    public let width: Int
    public let height: Int
    public let fps: Rational
    public let codec: VideoEncoding.Codec
    public private(set) var framesWritten = 0

    private let log = LogCapture()
    private let temporary: TemporaryOutput
    private let output: FormatOutput
    private let encoder: FrameEncoder
    private let converter: RGBPictureConverter
    private var state = State.open

    private enum State { case open, finished, failed }

    public init(path: String, width: Int, height: Int, fps: Rational, encoding: VideoEncoding = VideoEncoding()) throws {
        self.path = path
        self.width = width
        self.height = height
        self.fps = fps
        guard width > 0, height > 0, width % 2 == 0, height % 2 == 0 else {
            throw EncodeError(.invalidArgument, path: path,
                              message: "4:2:0 video needs an even, positive width and height, got \(width)x\(height)")
        }
        guard fps.numerator > 0, fps.denominator > 0, fps.numerator <= Int(Int32.max), fps.denominator <= Int(Int32.max) else {
            throw EncodeError(.invalidArgument, path: path, message: "the frame rate must be a positive ratio, got \(fps)")
        }
        guard let format = FormatOutput.format(for: path) else {
            throw EncodeError(.invalidArgument, path: path,
                              message: "cannot tell the container from the file name; use .mp4, .mov or .mkv")
        }
        let chosen = encoding.codec ?? VideoEncoding.automaticCodec
        codec = chosen
        let found = chosen == .h264 ? avcodec_find_encoder_by_name("libx264") : avcodec_find_encoder(AV_CODEC_ID_MPEG4)
        guard let found else {
            throw EncodeError(.encoder, path: path, message: "this FFmpeg has no \(chosen == .h264 ? "libx264" : "mpeg4") encoder")
        }
        temporary = TemporaryOutput(path: path)
        do {
            output = try FormatOutput(format: format, file: temporary.temporaryPath, path: path, log: log)
            let rate = AVRational(num: Int32(fps.numerator), den: Int32(fps.denominator))
            let globalHeader = output.wantsGlobalHeader
            let gop = encoding.keyframeInterval ?? max(1, Int(fps.value.rounded()))
            let options: [(String, String)] = chosen == .h264
                ? [("preset", encoding.preset), ("crf", String(encoding.crf))] + VideoWriter.x264DeterminismOptions()
                : []
            encoder = try FrameEncoder(codec: found, path: path, log: log, options: options) { context in
                context.pointee.width = Int32(width)
                context.pointee.height = Int32(height)
                context.pointee.pix_fmt = AV_PIX_FMT_YUV420P
                context.pointee.time_base = AVRational(num: rate.den, den: rate.num)
                context.pointee.framerate = rate
                context.pointee.gop_size = Int32(max(1, gop))
                context.pointee.thread_count = Int32(encoding.threads)
                context.pointee.flags |= AV_CODEC_FLAG_BITEXACT
                if globalHeader { context.pointee.flags |= AV_CODEC_FLAG_GLOBAL_HEADER }
                if chosen == .mpeg4 {
                    context.pointee.flags |= AV_CODEC_FLAG_QSCALE
                    context.pointee.global_quality = FF_QP2LAMBDA * Int32(min(31, max(2, encoding.mpeg4Quantizer)))
                }
                // swscale's RGB → YUV default is BT.601 limited range; say so, so that players
                // (and our own decoder) convert back with the same matrix.
                context.pointee.color_range = AVCOL_RANGE_MPEG
                context.pointee.colorspace = AVCOL_SPC_SMPTE170M
                context.pointee.color_primaries = AVCOL_PRI_SMPTE170M
                context.pointee.color_trc = AVCOL_TRC_SMPTE170M
            }
            converter = try RGBPictureConverter(width: width, height: height, format: AV_PIX_FMT_YUV420P, path: path)
            try output.start(encoder: encoder.context, frameRate: rate)
        } catch {
            temporary.discard()
            throw error
        }
    }

    deinit {
        if state != .finished { temporary.discard() }
    }

    /// Appends one frame of `width × height × 3` bytes.
    public func append<Pixels: Collection<UInt8>>(_ frame: Pixels) throws {
        try guardOpen()
        try failing {
            try withPictureBytes(frame, expected: converter.byteCount, width: width, height: height, path: path) { rgb in
                guard converter.load(rgb) else {
                    throw EncodeError(.encoder, path: path, message: "cannot convert frame \(framesWritten) from RGB24 to yuv420p")
                }
            }
            converter.frame.pointee.pts = Int64(framesWritten)
            try encoder.encode(converter.frame, consume: writePacket)
            framesWritten += 1
        }
    }

    /// Appends every frame of a clip; its size must be the writer's.
    public func append(_ clip: RGBClip) throws {
        guard clip.width == width, clip.height == height else {
            throw EncodeError(.invalidArgument, path: path, message: "the clip is \(clip.width)x\(clip.height), the video \(width)x\(height)")
        }
        for position in clip.frameIndices.indices { try append(clip.frame(position)) }
    }

    /// Drains the encoder, writes the container's index and moves the file into place.
    public func finish() throws {
        try guardOpen()
        try failing {
            guard framesWritten > 0 else {
                throw EncodeError(.invalidArgument, path: path, message: "a video needs at least one frame, none was appended")
            }
            try encoder.encode(nil, consume: writePacket)
            try output.finish()
            try temporary.commit()
        }
        state = .finished
    }

    /// Writes a whole video in one call: `pixels` holds the frames one after the other, each
    /// `height × width × 3` bytes (the layout of `RGBClip.pixels`).
    public static func write<Pixels: Collection<UInt8>>(frames pixels: Pixels, width: Int, height: Int, to path: String,
                                                        fps: Rational, encoding: VideoEncoding = VideoEncoding()) throws {
        let writer = try VideoWriter(path: path, width: width, height: height, fps: fps, encoding: encoding)
        let frameBytes = width * height * 3
        guard !pixels.isEmpty, pixels.count % frameBytes == 0 else {
            throw EncodeError(.invalidArgument, path: path,
                              message: "\(pixels.count) bytes is not a whole number of \(width)x\(height) RGB24 frames (\(frameBytes) bytes each)")
        }
        try withPictureBytes(pixels, expected: pixels.count, width: width, height: height, path: path) { start in
            for offset in stride(from: 0, to: pixels.count, by: frameBytes) {
                try writer.append(UnsafeBufferPointer(start: start + offset, count: frameBytes))
            }
        }
        try writer.finish()
    }

    /// libx264's AVX-512 code gives different bytes for the same frames from run to run (measured
    /// with Debian's libx264 164 and FFmpeg 5.1: 5 runs of the 48-video demo, 5 different results;
    /// capped at AVX2, 6 runs, one result). Where the CPU has AVX-512, x264 is told to stop at AVX2
    /// (plus BMI2, which every AVX-512 CPU has): tiny frames lose nothing measurable.
    private static func x264DeterminismOptions() -> [(String, String)] {
        av_get_cpu_flags() & AV_CPU_FLAG_AVX512 != 0 ? [("x264-params", "asm=AVX2,BMI2")] : []
    }

    private func writePacket(_ packet: UnsafeMutablePointer<AVPacket>) throws {
        // Each frame lasts one tick of the encoder's time base; without it the last frame of an mp4
        // has no duration and the container's frame rate comes out wrong.
        if packet.pointee.duration <= 0 { packet.pointee.duration = 1 }
        try output.write(packet, timeBase: encoder.context.pointee.time_base)
    }

    private func guardOpen() throws {
        switch state {
        case .open: return
        case .finished: throw EncodeError(.invalidArgument, path: path, message: "the video is already finished")
        case .failed: throw EncodeError(.invalidArgument, path: path, message: "an earlier write failed; the video was discarded")
        }
    }

    /// Runs `body`; on any error the writer stops and the temporary file goes.
    private func failing(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch {
            state = .failed
            temporary.discard()
            throw error
        }
    }
}
