/// Why a video or image could not be written. The message names the output file and says what was
/// expected; `ffmpegLog` keeps what FFmpeg logged at error level meanwhile.
public struct EncodeError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The caller asked for something the encoder cannot do (odd size for 4:2:0, wrong buffer
        /// size, unknown extension, no frames).
        case invalidArgument
        /// The encoder is missing, would not open, or failed on a frame.
        case encoder
        /// The file or its folder cannot be written.
        case output
    }

    public var kind: Kind
    public var path: String
    public var message: String
    public var ffmpegLog: [String]

    public init(_ kind: Kind, path: String, message: String, ffmpegLog: [String] = []) {
        self.kind = kind
        self.path = path
        self.message = message
        self.ffmpegLog = ffmpegLog
    }

    public var description: String {
        var text = "\(path): \(message)"
        if let first = ffmpegLog.first, !message.contains(first) { text += " (ffmpeg: \(first))" }
        return text
    }
}
