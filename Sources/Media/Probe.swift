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
    /// The shape of one stored pixel (width/height), nil when square or unstated. Anamorphic video
    /// (DV, some broadcast and phone formats) is shown `width × SAR` wide; decoding does not stretch.
    public var sampleAspectRatio: Rational?
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
    /// The container's index where it has one and it is plausible (mp4/mov sample tables without
    /// the frames an edit list cuts, AVI's idx1), else `duration × fps` flagged inexact, else (raw
    /// streams, no duration) the packets counted.
    case header
    /// Count the video packets: reads the whole file but decodes nothing.
    case packets
    /// Decode the video and count the frames the decoder gives (an edit list's cut frames are not
    /// given): what `data check` and the loader see. Reads and decodes the whole file.
    case decoded
}

/// Extensions read as single images (Open-Sora's `IMG_EXTENSIONS` that FFmpeg decodes).
public let imageExtensions: Set<String> = ["jpg", "jpeg", "png", "webp", "bmp", "ppm", "pgm", "tif", "tiff"]

public func probe(_ path: String, frameCounting: FrameCounting = .header) throws -> MediaInfo {
    try MediaReader(path: path).probe(frameCounting: frameCounting)
}

extension MediaReader {
    /// Header fields of the file. Runs FFmpeg's stream discovery (`avformat_find_stream_info`,
    /// which reads and may decode the first packets) only for files that need it: no video stream
    /// in the header (MPEG program streams and FLV announce streams with their first packets), no
    /// size or rate (MPEG-4 Part 2 in mp4, raw streams), or an implausible size (a corrupted header).
    public func probe(frameCounting: FrameCounting = .header) throws -> MediaInfo {
        let input = try openInput()
        var streamIndex = input.bestVideoStream
        if streamIndex == nil {
            try input.analyze(log: log)
            streamIndex = input.bestVideoStream
        }
        guard let streamIndex else {
            throw MediaError(.noVideoStream, path: path, message: "no video stream", ffmpegLog: log.lines)
        }
        let image = isImageInput(input)
        if !input.analyzed, needsAnalysis(input.stream(streamIndex), isImage: image) {
            try input.analyze(log: log)
        }
        let stream = input.stream(streamIndex)
        let parameters = stream.pointee.codecpar.pointee
        guard parameters.width > 0, parameters.height > 0 else {
            throw MediaError(.open, path: path, message: "the video stream has no frame size", ffmpegLog: log.lines)
        }
        guard parameters.width <= maximumSide, parameters.height <= maximumSide else {
            throw MediaError(.open, path: path, message: "the header claims a \(parameters.width)x\(parameters.height) frame, larger than any video (a corrupted header)",
                             ffmpegLog: log.lines)
        }
        let fps = image ? nil : (Rational(stream.pointee.avg_frame_rate) ?? Rational(stream.pointee.r_frame_rate))
        let duration = streamDuration(input, stream)
        var count = FrameCount(value: 1, isExact: true)
        if !image {
            count = try frameCount(input, streamIndex: streamIndex, counting: frameCounting, duration: duration, fps: fps)
        }
        let pixelFormat = av_get_pix_fmt_name(AVPixelFormat(rawValue: parameters.format)).map { String(cString: $0) }
        return MediaInfo(
            container: input.containerName,
            codec: String(cString: avcodec_get_name(parameters.codec_id)),
            isImage: image,
            width: Int(parameters.width),
            height: Int(parameters.height),
            rotation: clockwiseRotation(cffmpeg_stream_rotation(stream)),
            sampleAspectRatio: nonSquare(Rational(stream.pointee.sample_aspect_ratio) ?? Rational(parameters.sample_aspect_ratio)),
            fps: fps,
            duration: duration,
            frameCount: count.value,
            frameCountIsExact: count.isExact,
            pixelFormat: pixelFormat,
            fileSize: fileSize(path)
        )
    }

    /// Missing size or rate, or a size beyond what any encoder writes: let FFmpeg read the first
    /// packets, which replaces header values by what the bitstream (the decoder) says.
    private func needsAnalysis(_ stream: UnsafeMutablePointer<AVStream>, isImage: Bool) -> Bool {
        let parameters = stream.pointee.codecpar.pointee
        if parameters.width <= 0 || parameters.height <= 0 { return true }
        if parameters.width > maximumSide || parameters.height > maximumSide { return true }
        return !isImage && Rational(stream.pointee.avg_frame_rate) == nil && Rational(stream.pointee.r_frame_rate) == nil
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
}

/// Nil for a square pixel (1:1).
func nonSquare(_ ratio: Rational?) -> Rational? {
    guard let ratio, ratio.numerator != ratio.denominator else { return nil }
    return ratio
}

/// The longest side a header may claim before it is checked against the bitstream (16K video).
let maximumSide: Int32 = 16384

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
