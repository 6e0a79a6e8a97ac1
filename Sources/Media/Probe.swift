import CFFmpeg
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a file is, read from its container header without decoding frames.
public struct MediaInfo: Sendable, Equatable {
    /// The demuxer, e.g. "mov,mp4,m4a,3gp,3g2,mj2", "matroska,webm", "image2".
    public var container: String
    public var codec: String
    public var isImage: Bool
    /// Stored (coded) size: the size of the frames the decoder gives.
    public var width: Int
    public var height: Int
    /// Clockwise rotation a player applies (0, 90, 180 or 270), from the display matrix.
    public var rotation: Int
    public var fps: Rational?
    /// Seconds, when the container states it.
    public var duration: Double?
    public var frameCount: Int
    /// False when the count is `duration × fps` because the container has no frame count.
    public var frameCountIsExact: Bool
    /// Nil when the header does not name it (h264 in mp4, for instance) and nothing was decoded.
    public var pixelFormat: String?
    public var fileSize: Int64

    /// The size a player shows: width and height swapped for 90° and 270° rotations.
    public var displayWidth: Int { rotation % 180 == 0 ? width : height }
    public var displayHeight: Int { rotation % 180 == 0 ? height : width }
}

/// How `probe` finds the frame count.
public enum FrameCounting: Sendable {
    /// The container's own count where it has one (mp4, mov), else `duration × fps`, flagged inexact.
    case header
    /// Count the video packets: reads the whole file but decodes nothing; always exact.
    case packets
}

/// Extensions read as single images (Open-Sora's `IMG_EXTENSIONS` that FFmpeg decodes).
public let imageExtensions: Set<String> = ["jpg", "jpeg", "png", "webp", "bmp", "ppm", "pgm", "tif", "tiff"]

public func probe(_ path: String, frameCounting: FrameCounting = .header) throws -> MediaInfo {
    try MediaReader(path: path).probe(frameCounting: frameCounting)
}

extension MediaReader {
    /// Header fields of the file; falls back to `avformat_find_stream_info` only when the header
    /// lacks the size or the rate (MPEG-4 Part 2 in mp4, some images).
    public func probe(frameCounting: FrameCounting = .header) throws -> MediaInfo {
        let input = try openInput()
        guard let streamIndex = input.bestVideoStream else {
            throw MediaError(.noVideoStream, path: path, message: "no video stream", ffmpegLog: log.lines)
        }
        var stream = input.stream(streamIndex)
        let image = isImageInput(input)
        if stream.pointee.codecpar.pointee.width <= 0 || stream.pointee.codecpar.pointee.height <= 0
            || (!image && Rational(stream.pointee.avg_frame_rate) == nil && Rational(stream.pointee.r_frame_rate) == nil) {
            input.analyze(log: log)
            stream = input.stream(streamIndex)
        }
        let parameters = stream.pointee.codecpar.pointee
        guard parameters.width > 0, parameters.height > 0 else {
            throw MediaError(.open, path: path, message: "the video stream has no frame size", ffmpegLog: log.lines)
        }
        let fps = image ? nil : (Rational(stream.pointee.avg_frame_rate) ?? Rational(stream.pointee.r_frame_rate))
        let duration = streamDuration(input, stream)
        var frameCount = 1
        var exact = true
        if !image {
            switch frameCounting {
            case .packets:
                frameCount = try countPackets(input, streamIndex: streamIndex)
            case .header where stream.pointee.nb_frames > 0:
                frameCount = Int(stream.pointee.nb_frames)
            case .header:
                frameCount = Int(((duration ?? 0) * (fps?.value ?? 0)).rounded())
                exact = false
            }
        }
        let pixelFormat = av_get_pix_fmt_name(AVPixelFormat(rawValue: parameters.format)).map { String(cString: $0) }
        return MediaInfo(
            container: input.containerName,
            codec: String(cString: avcodec_get_name(parameters.codec_id)),
            isImage: image,
            width: Int(parameters.width),
            height: Int(parameters.height),
            rotation: clockwiseRotation(cffmpeg_stream_rotation(stream)),
            fps: fps,
            duration: duration,
            frameCount: frameCount,
            frameCountIsExact: exact,
            pixelFormat: pixelFormat,
            fileSize: fileSize(path)
        )
    }

    func isImageInput(_ input: FormatInput) -> Bool {
        let name = input.containerName
        if name == "image2" || name.hasSuffix("_pipe") { return true }
        let ext = path.split(separator: ".").last.map { $0.lowercased() } ?? ""
        return imageExtensions.contains(ext) && input.streamCount == 1
    }

    private func streamDuration(_ input: FormatInput, _ stream: UnsafeMutablePointer<AVStream>) -> Double? {
        if stream.pointee.duration != noPTS, stream.pointee.duration > 0 {
            return Double(stream.pointee.duration) * av_q2d(stream.pointee.time_base)
        }
        let total = input.context.pointee.duration
        return total != noPTS && total > 0 ? Double(total) / Double(AV_TIME_BASE) : nil
    }

    private func countPackets(_ input: FormatInput, streamIndex: Int) throws -> Int {
        for index in 0..<input.streamCount where index != streamIndex {
            input.stream(index).pointee.discard = AVDISCARD_ALL
        }
        let packet = try Packet()
        var count = 0
        while true {
            let status = log.collect { av_read_frame(input.context, packet.pointer) }
            if status < 0 { break }
            if packet.pointer.pointee.stream_index == Int32(streamIndex) { count += 1 }
            av_packet_unref(packet.pointer)
        }
        return count
    }
}

/// The display matrix gives a counter-clockwise angle; players (and ffprobe's "rotate" tag) think
/// clockwise in quarter turns.
func clockwiseRotation(_ counterClockwise: Double) -> Int {
    let quarterTurns = Int((-counterClockwise / 90).rounded())
    return ((quarterTurns % 4) + 4) % 4 * 90
}

func fileSize(_ path: String) -> Int64 {
    var info = stat()
    return stat(path, &info) == 0 ? Int64(info.st_size) : 0
}
