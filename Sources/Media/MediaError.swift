import CFFmpeg

/// Why a file could not be probed, decoded or checked. The message names the file and says what
/// went wrong; `ffmpegLog` keeps what FFmpeg itself logged at error level meanwhile, so that nothing
/// FFmpeg says is lost and nothing is printed raw.
public struct MediaError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        case open, noVideoStream, decoder, framesUnavailable, timeLimit, invalidArgument
    }

    public var kind: Kind
    public var path: String
    public var message: String
    public var ffmpegLog: [String]
    /// For `.framesUnavailable` after decoding to the end: how many frames the file gives.
    public var framesAvailable: Int?

    public init(_ kind: Kind, path: String, message: String, ffmpegLog: [String] = [], framesAvailable: Int? = nil) {
        self.kind = kind
        self.path = path
        self.message = message
        self.ffmpegLog = ffmpegLog
        self.framesAvailable = framesAvailable
    }

    /// One line: the file, our message, and FFmpeg's first error line when it adds something.
    public var description: String {
        var text = path.isEmpty ? message : "\(path): \(message)"
        if let first = ffmpegLog.first, !message.contains(first) { text += " (ffmpeg: \(first))" }
        return text
    }
}

/// FFmpeg's text for an AVERROR code, e.g. "Invalid data found when processing input".
func averrorText(_ code: Int32) -> String {
    var buffer = [CChar](repeating: 0, count: Int(AV_ERROR_MAX_STRING_SIZE))
    av_strerror(code, &buffer, buffer.count)
    return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

let averrorEOF: Int32 = cffmpeg_averror_eof()
let averrorEAGAIN: Int32 = cffmpeg_averror_eagain()
let averrorExit: Int32 = cffmpeg_averror_exit()
let noPTS: Int64 = cffmpeg_nopts_value()
