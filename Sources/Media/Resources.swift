import CFFmpeg
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A point in time after which blocking FFmpeg I/O gives up (through the interrupt callback) and our
/// loops stop, so one pathological file cannot stall a job.
final class Deadline {
    private let end: UInt64?
    let seconds: Double?

    init(seconds: Double?) {
        self.seconds = seconds
        if let seconds, seconds > 0 { end = Deadline.now() + UInt64(min(seconds, 1e9) * 1e9) } else { end = nil }
    }

    var limitText: String { formatSeconds(seconds ?? 0) }

    var hasPassed: Bool {
        guard let end else { return false }
        return Deadline.now() > end
    }

    private static func now() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
    }
}

/// An FFmpeg error code as a `Result` failure.
struct OpenFailureCode: Error, Equatable {
    let code: Int32
    init(_ code: Int32) { self.code = code }
}

/// The demuxer for extensions whose demuxer checks its header strictly (so that a wrong guess
/// fails instead of misreading the file); nil for the rest, which are probed.
func demuxerForExtension(_ path: String) -> UnsafePointer<AVInputFormat>? {
    guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else { return nil }
    let name: String
    switch path[path.index(after: dot)...].lowercased() {
    case "mp4", "mov", "m4v", "3gp": name = "mov"
    case "mkv", "webm": name = "matroska"
    case "avi": name = "avi"
    default: return nil
    }
    return av_find_input_format(name)
}

/// Owns one opened container (`AVFormatContext`); closed in `deinit`.
final class FormatInput {
    let context: UnsafeMutablePointer<AVFormatContext>
    let path: String
    let deadline: Deadline
    /// Whether `analyze` ran (it runs at most once).
    private(set) var analyzed = false

    init(path: String, log: LogCapture, deadline: Deadline) throws {
        self.path = path
        self.deadline = deadline
        if let problem = nonRegularFileProblem(path) {
            throw MediaError(.open, path: path, message: "cannot open: the path \(problem)")
        }
        // The demuxer the extension names is tried first: probing every demuxer on the first
        // bytes (the MP3 probe scans them for frame headers) is most of a header read's cost. A
        // file whose extension lies fails that demuxer's own header check and is probed normally.
        if let guessed = demuxerForExtension(path) {
            let status = FormatInput.open(path, format: guessed, log: log, deadline: deadline)
            if case .success(let opened) = status {
                context = opened
                return
            }
            if case .failure(let failure) = status, failure.code == averrorExit {
                throw MediaError(.timeLimit, path: path, message: "time limit of \(deadline.limitText) s exceeded while opening")
            }
            log.reset()
        }
        // After a failed guess the file is broken or mislabelled; another container announces
        // itself in its first kilobytes, so the probe reads 256 KiB, not FFmpeg's 1 MiB (on a
        // megabyte of junk the full probe costs 20 times a good file's whole read).
        let probeBytes = demuxerForExtension(path) == nil ? nil : 256 << 10
        switch FormatInput.open(path, format: nil, probeBytes: probeBytes, log: log, deadline: deadline) {
        case .success(let opened):
            context = opened
        case .failure(let failure) where failure.code == averrorExit:
            throw MediaError(.timeLimit, path: path, message: "time limit of \(deadline.limitText) s exceeded while opening")
        case .failure(let failure):
            throw MediaError(.open, path: path, message: "cannot open: \(averrorText(failure.code))", ffmpegLog: log.lines)
        }
    }

    /// `avformat_open_input` with the deadline's interrupt callback; the FFmpeg error code on failure.
    private static func open(_ path: String, format: UnsafePointer<AVInputFormat>?, probeBytes: Int? = nil, log: LogCapture,
                             deadline: Deadline) -> Result<UnsafeMutablePointer<AVFormatContext>, OpenFailureCode> {
        guard let allocated = avformat_alloc_context() else { return .failure(OpenFailureCode(cffmpeg_averror(ENOMEM))) }
        allocated.pointee.interrupt_callback.callback = { opaque in
            guard let opaque else { return 0 }
            return Unmanaged<Deadline>.fromOpaque(opaque).takeUnretainedValue().hasPassed ? 1 : 0
        }
        allocated.pointee.interrupt_callback.opaque = Unmanaged.passUnretained(deadline).toOpaque()
        var opened: UnsafeMutablePointer<AVFormatContext>? = allocated
        // Local files only: a playlist or reference file (HLS, concat, a QuickTime reference movie)
        // must not make FFmpeg open network URLs or other files' protocols.
        var options: OpaquePointer?
        av_dict_set(&options, "protocol_whitelist", "file", 0)
        if let probeBytes { av_dict_set(&options, "formatprobesize", String(probeBytes), 0) }
        defer { av_dict_free(&options) }
        // avformat_open_input frees the context on failure.
        let status = log.collect { avformat_open_input(&opened, path, format, &options) }
        guard status >= 0, let opened else { return .failure(OpenFailureCode(status)) }
        return .success(opened)
    }

    deinit {
        var pointer: UnsafeMutablePointer<AVFormatContext>? = context
        avformat_close_input(&pointer)
    }

    var containerName: String { String(cString: context.pointee.iformat.pointee.name) }

    var streamCount: Int { Int(context.pointee.nb_streams) }

    func stream(_ index: Int) -> UnsafeMutablePointer<AVStream> { context.pointee.streams[index]! }

    /// The stream FFmpeg itself would pick as "the" video, or nil for audio-only or unknown input.
    var bestVideoStream: Int? {
        let index = av_find_best_stream(context, AVMEDIA_TYPE_VIDEO, -1, -1, nil, 0)
        return index >= 0 ? Int(index) : nil
    }

    /// Reads the first packets to find streams and fill fields the header leaves empty or gets
    /// wrong. Costly (it may decode), so only called for files that need it. Its own failures are
    /// not fatal (what it found is used); running past the deadline is.
    func analyze(log: LogCapture) throws {
        guard !analyzed else { return }
        analyzed = true
        let status = log.collect { avformat_find_stream_info(context, nil) }
        try throwIfTimedOut(status)
    }

    /// Throws the time-limit error when `status` is the interrupt callback's doing (or the
    /// deadline has passed anyway).
    func throwIfTimedOut(_ status: Int32) throws {
        if status == averrorExit || deadline.hasPassed {
            throw MediaError(.timeLimit, path: path, message: "time limit of \(deadline.limitText) s exceeded")
        }
    }
}

/// Owns a decoder (`AVCodecContext`) and its output frame; freed in `deinit`.
final class StreamDecoder {
    let context: UnsafeMutablePointer<AVCodecContext>
    let frame: UnsafeMutablePointer<AVFrame>

    init(stream: UnsafeMutablePointer<AVStream>, path: String, threads: Int32, log: LogCapture) throws {
        let parameters = stream.pointee.codecpar!
        guard let codec = avcodec_find_decoder(parameters.pointee.codec_id) else {
            let name = String(cString: avcodec_get_name(parameters.pointee.codec_id))
            throw MediaError(.decoder, path: path, message: "no decoder for codec \(name)")
        }
        guard let context = avcodec_alloc_context3(codec), let frame = av_frame_alloc() else {
            throw MediaError(.decoder, path: path, message: "cannot allocate a decoder")
        }
        self.context = context
        self.frame = frame
        var status = avcodec_parameters_to_context(context, parameters)
        if status >= 0 {
            context.pointee.thread_count = threads
            context.pointee.pkt_timebase = stream.pointee.time_base
            status = log.collect { avcodec_open2(context, codec, nil) }
        }
        guard status >= 0 else {
            throw MediaError(.decoder, path: path, message: "cannot open the decoder: \(averrorText(status))",
                             ffmpegLog: log.lines)
        }
    }

    deinit {
        var frame: UnsafeMutablePointer<AVFrame>? = self.frame
        av_frame_free(&frame)
        var context: UnsafeMutablePointer<AVCodecContext>? = self.context
        avcodec_free_context(&context)
    }
}

/// Owns one reusable packet; freed in `deinit`.
final class Packet {
    let pointer: UnsafeMutablePointer<AVPacket>

    init() throws {
        guard let pointer = av_packet_alloc() else {
            throw MediaError(.decoder, path: "", message: "cannot allocate a packet")
        }
        self.pointer = pointer
    }

    deinit {
        var pointer: UnsafeMutablePointer<AVPacket>? = self.pointer
        av_packet_free(&pointer)
    }
}
