import CFFmpeg

/// Owns one output container (`AVFormatContext` and its open file) with a single video stream;
/// closes the file and frees the context in `deinit`. It writes to `file`, which the caller keeps
/// separate from the name the container is chosen by (`formatPath`), so that a temporary name
/// can still produce an mp4.
final class FormatOutput {
    let context: UnsafeMutablePointer<AVFormatContext>
    let stream: UnsafeMutablePointer<AVStream>
    private let path: String
    private let log: LogCapture

    /// The container for `formatPath`'s extension, or nil when FFmpeg does not know it.
    static func format(for formatPath: String) -> UnsafePointer<AVOutputFormat>? {
        av_guess_format(nil, formatPath, nil)
    }

    init(format: UnsafePointer<AVOutputFormat>, file: String, path: String, log: LogCapture) throws {
        self.path = path
        self.log = log
        var allocated: UnsafeMutablePointer<AVFormatContext>?
        let status = log.collect { avformat_alloc_output_context2(&allocated, format, nil, file) }
        guard status >= 0, let allocated else {
            throw EncodeError(.output, path: path, message: "cannot set up the container: \(averrorText(status))", ffmpegLog: log.lines)
        }
        guard let stream = avformat_new_stream(allocated, nil) else {
            avformat_free_context(allocated)
            throw EncodeError(.output, path: path, message: "cannot add a video stream")
        }
        // No library version strings in the file: same pixels, same bytes, whatever the build date.
        allocated.pointee.flags |= AVFMT_FLAG_BITEXACT
        context = allocated
        self.stream = stream
        if format.pointee.flags & AVFMT_NOFILE == 0 {
            let opened = log.collect { avio_open(&allocated.pointee.pb, file, AVIO_FLAG_WRITE) }
            guard opened >= 0 else {
                throw EncodeError(.output, path: path, message: "cannot create the file: \(averrorText(opened))", ffmpegLog: log.lines)
            }
        }
    }

    deinit {
        if context.pointee.pb != nil { avio_closep(&context.pointee.pb) }
        avformat_free_context(context)
    }

    var wantsGlobalHeader: Bool { context.pointee.oformat.pointee.flags & AVFMT_GLOBALHEADER != 0 }

    /// Copies the opened encoder's parameters to the stream and writes the container header. The
    /// muxer may change the stream's time base here (mp4 picks its own timescale).
    func start(encoder: UnsafeMutablePointer<AVCodecContext>, frameRate: AVRational) throws {
        var status = avcodec_parameters_from_context(stream.pointee.codecpar, encoder)
        stream.pointee.time_base = encoder.pointee.time_base
        stream.pointee.avg_frame_rate = frameRate
        stream.pointee.r_frame_rate = frameRate
        if status >= 0 { status = log.collect { avformat_write_header(context, nil) } }
        guard status >= 0 else {
            throw EncodeError(.output, path: path, message: "cannot write the container header: \(averrorText(status))",
                              ffmpegLog: log.lines)
        }
    }

    /// Writes one packet stamped in `timeBase` (the encoder's), after moving it to the stream's.
    func write(_ packet: UnsafeMutablePointer<AVPacket>, timeBase: AVRational) throws {
        av_packet_rescale_ts(packet, timeBase, stream.pointee.time_base)
        packet.pointee.stream_index = stream.pointee.index
        let status = log.collect { av_interleaved_write_frame(context, packet) }
        guard status >= 0 else {
            throw EncodeError(.output, path: path, message: "cannot write a packet: \(averrorText(status))", ffmpegLog: log.lines)
        }
    }

    /// Writes the trailer (mp4's `moov` index lives here) and closes the file, reporting a failed
    /// final flush, which `deinit` could not.
    func finish() throws {
        var status = log.collect { av_write_trailer(context) }
        if status >= 0, context.pointee.pb != nil {
            status = avio_closep(&context.pointee.pb)
        }
        guard status >= 0 else {
            throw EncodeError(.output, path: path, message: "cannot finish the file: \(averrorText(status))", ffmpegLog: log.lines)
        }
    }
}
