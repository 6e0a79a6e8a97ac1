import CFFmpeg

/// Owns one opened encoder (`AVCodecContext`) and its reusable output packet; frees both in
/// `deinit`. Every call into the encoder runs inside the writer's log capture, so what libx264 and
/// friends log never reaches the terminal and error lines end up in the `EncodeError`.
final class FrameEncoder {
    let context: UnsafeMutablePointer<AVCodecContext>
    private let packet: UnsafeMutablePointer<AVPacket>
    private let path: String
    private let log: LogCapture

    /// `configure` fills the context (size, pixel format, time base, rate control) before it opens;
    /// `options` are the codec's private options, e.g. libx264's `preset` and `crf`.
    init(codec: UnsafePointer<AVCodec>, path: String, log: LogCapture, options: [(String, String)],
         configure: (UnsafeMutablePointer<AVCodecContext>) -> Void) throws {
        self.path = path
        self.log = log
        guard let context = avcodec_alloc_context3(codec), let packet = av_packet_alloc() else {
            throw EncodeError(.encoder, path: path, message: "cannot allocate an encoder")
        }
        self.context = context
        self.packet = packet
        configure(context)
        var dictionary: OpaquePointer?
        for (key, value) in options { av_dict_set(&dictionary, key, value, 0) }
        let status = log.collect { avcodec_open2(context, codec, &dictionary) }
        var unused: [String] = []
        var entry: UnsafeMutablePointer<AVDictionaryEntry>?
        while let next = av_dict_get(dictionary, "", entry, AV_DICT_IGNORE_SUFFIX) {
            unused.append(String(cString: next.pointee.key))
            entry = next
        }
        av_dict_free(&dictionary)
        let name = String(cString: codec.pointee.name)
        guard status >= 0 else {
            throw EncodeError(.encoder, path: path, message: "cannot open the \(name) encoder: \(averrorText(status))",
                              ffmpegLog: log.lines)
        }
        // A misspelled option is a programmer error in this module, not user input.
        precondition(unused.isEmpty, "\(name) does not know the options \(unused)")
    }

    deinit {
        var packet: UnsafeMutablePointer<AVPacket>? = self.packet
        av_packet_free(&packet)
        var context: UnsafeMutablePointer<AVCodecContext>? = self.context
        avcodec_free_context(&context)
    }

    /// Sends one frame (nil flushes the encoder) and hands every packet it completes to `consume`.
    func encode(_ frame: UnsafeMutablePointer<AVFrame>?, consume: (UnsafeMutablePointer<AVPacket>) throws -> Void) throws {
        try log.collect {
            let sent = avcodec_send_frame(context, frame)
            guard sent >= 0 else {
                throw EncodeError(.encoder, path: path, message: "the encoder refused a frame: \(averrorText(sent))",
                                  ffmpegLog: log.lines)
            }
            while true {
                let received = avcodec_receive_packet(context, packet)
                if received == averrorEAGAIN || received == averrorEOF { return }
                guard received >= 0 else {
                    throw EncodeError(.encoder, path: path, message: "encoding failed: \(averrorText(received))",
                                      ffmpegLog: log.lines)
                }
                defer { av_packet_unref(packet) }
                try consume(packet)
            }
        }
    }
}
