import CFFmpeg

/// Frames of one clip as packed RGB24, one frame after the other: `frames × height × width × 3`.
public struct RGBClip: Sendable, Equatable {
    public var width: Int
    public var height: Int
    /// The frame numbers delivered, in the order asked for.
    public var frameIndices: [Int]
    public var pixels: [UInt8]

    public var frameByteCount: Int { width * height * 3 }

    public func frame(_ position: Int) -> ArraySlice<UInt8> {
        pixels[position * frameByteCount ..< (position + 1) * frameByteCount]
    }
}

/// Decodes only the frames asked for (frame numbers from 0, in any order, repeats allowed).
public func decodeClip(_ path: String, frameIndices: [Int], width: Int, height: Int,
                       crop: ClipCrop = .centerCover) throws -> RGBClip {
    try MediaReader(path: path).decodeClip(frameIndices: frameIndices, width: width, height: height, crop: crop)
}

extension MediaReader {
    /// Seeks to the keyframe at or before the first frame needed, decodes forward only as far as the
    /// last one, and converts each needed frame straight to the target size. Frame numbers come
    /// from timestamps (`round(t × fps)`), which is the decode order for constant-rate video.
    public func decodeClip(frameIndices: [Int], width: Int, height: Int, crop: ClipCrop = .centerCover) throws -> RGBClip {
        guard let first = frameIndices.min(), first >= 0, width > 0, height > 0 else {
            throw MediaError(.invalidArgument, path: path,
                             message: "a clip needs at least one frame number ≥ 0 and a positive size, got frames \(frameIndices) at \(width)x\(height)")
        }
        let input = try openInput()
        guard let streamIndex = input.bestVideoStream else {
            throw MediaError(.noVideoStream, path: path, message: "no video stream", ffmpegLog: log.lines)
        }
        for index in 0..<input.streamCount where index != streamIndex {
            input.stream(index).pointee.discard = AVDISCARD_ALL
        }
        let stream = input.stream(streamIndex)
        let decoder = try openDecoder(input, streamIndex: streamIndex)
        let scaler = try FrameScaler()
        var positions: [Int: [Int]] = [:]
        for (position, index) in frameIndices.enumerated() { positions[index, default: []].append(position) }
        let last = positions.keys.max()!
        let timing = FrameTiming(stream: stream, isImage: isImageInput(input))
        var clip = RGBClip(width: width, height: height, frameIndices: frameIndices,
                           pixels: [UInt8](repeating: 0, count: width * height * 3 * frameIndices.count))
        var pending = Set(positions.keys)
        var sequence = FrameSequence(seeked: false)
        if first > 0, let target = timing.timestamp(ofFrame: first) {
            sequence.seeked = av_seek_frame(input.context, Int32(streamIndex), target, AVSEEK_FLAG_BACKWARD) >= 0
        }
        let packet = try Packet()
        var failure: String?
        var timedOut = false
        log.collect {
            var draining = false
            while !pending.isEmpty, failure == nil {
                if !draining {
                    let status = av_read_frame(input.context, packet.pointer)
                    if status < 0 {
                        if status == averrorExit || input.deadline.hasPassed { timedOut = true; break }
                        draining = true
                        avcodec_send_packet(decoder.context, nil)
                    } else if packet.pointer.pointee.stream_index == Int32(streamIndex) {
                        avcodec_send_packet(decoder.context, packet.pointer)
                    }
                    av_packet_unref(packet.pointer)
                }
                var producedAny = false
                while avcodec_receive_frame(decoder.context, decoder.frame) >= 0 {
                    producedAny = true
                    defer { av_frame_unref(decoder.frame) }
                    let index = sequence.next(timing.frameNumber(of: decoder.frame.pointee.best_effort_timestamp))
                    if sequence.seeked, index > first, sequence.delivered == 0, !sequence.rewound {
                        // The seek overshot (a sparse or wrong index): start again from the beginning.
                        sequence.rewind()
                        av_seek_frame(input.context, Int32(streamIndex), timing.start, AVSEEK_FLAG_BACKWARD)
                        avcodec_flush_buffers(decoder.context)
                        draining = false
                        break
                    }
                    guard let targets = positions[index], pending.contains(index) else { continue }
                    let region = sourceRegion(decoder.frame, crop: crop, width: width, height: height)
                    guard let region else {
                        failure = "the crop \(crop) does not fit in the \(decoder.frame.pointee.width)x\(decoder.frame.pointee.height) frame"
                        break
                    }
                    let frameBytes = clip.frameByteCount
                    clip.pixels.withUnsafeMutableBufferPointer { buffer in
                        let firstTarget = buffer.baseAddress! + targets[0] * frameBytes
                        if !scaler.scale(decoder.frame, region: region, width: width, height: height, into: firstTarget) {
                            failure = "cannot convert frame \(index) to RGB"
                        }
                        for extra in targets.dropFirst() {
                            (buffer.baseAddress! + extra * frameBytes).update(from: firstTarget, count: frameBytes)
                        }
                    }
                    pending.remove(index)
                    sequence.delivered += 1
                }
                if draining && !producedAny { break }
                if let highest = sequence.highest, highest >= last { break }
            }
        }
        if timedOut { try input.throwIfTimedOut(averrorExit) }
        if let failure {
            throw MediaError(.decoder, path: path, message: failure, ffmpegLog: log.lines)
        }
        guard pending.isEmpty else {
            let missing = pending.sorted()
            let known = sequence.highest.map { "the last frame decoded is \($0)" } ?? "no frame decoded"
            throw MediaError(.framesUnavailable, path: path,
                             message: "cannot decode frame\(missing.count == 1 ? "" : "s") \(describe(missing)) (\(known))",
                             ffmpegLog: log.lines)
        }
        return clip
    }

    private func sourceRegion(_ frame: UnsafeMutablePointer<AVFrame>, crop: ClipCrop, width: Int, height: Int) -> PixelRegion? {
        let descriptor = av_pix_fmt_desc_get(AVPixelFormat(rawValue: frame.pointee.format))
        return crop.sourceRegion(sourceWidth: Int(frame.pointee.width), sourceHeight: Int(frame.pointee.height),
                                 targetWidth: width, targetHeight: height,
                                 chromaShiftX: Int(descriptor?.pointee.log2_chroma_w ?? 0),
                                 chromaShiftY: Int(descriptor?.pointee.log2_chroma_h ?? 0))
    }
}

/// Maps between frame numbers and stream timestamps for a constant-rate stream.
struct FrameTiming {
    let start: Int64
    let timeBase: Double
    let fps: Double?

    init(stream: UnsafeMutablePointer<AVStream>, isImage: Bool) {
        start = stream.pointee.start_time == noPTS ? 0 : stream.pointee.start_time
        timeBase = av_q2d(stream.pointee.time_base)
        let rate = Rational(stream.pointee.avg_frame_rate) ?? Rational(stream.pointee.r_frame_rate)
        fps = isImage ? nil : rate?.value
    }

    func timestamp(ofFrame index: Int) -> Int64? {
        guard let fps, timeBase > 0 else { return nil }
        return start + Int64((Double(index) / fps / timeBase).rounded(.down))
    }

    func frameNumber(of timestamp: Int64) -> Int? {
        guard let fps, timestamp != noPTS, timeBase > 0 else { return nil }
        return Int((Double(timestamp - start) * timeBase * fps).rounded())
    }
}

/// Numbers decoded frames: by timestamp where there is one, else one after the previous.
struct FrameSequence {
    var seeked: Bool
    var rewound = false
    var delivered = 0
    private(set) var highest: Int?
    private var previous: Int?

    init(seeked: Bool) { self.seeked = seeked }

    mutating func next(_ fromTimestamp: Int?) -> Int {
        let index = fromTimestamp ?? (previous.map { $0 + 1 } ?? 0)
        previous = index
        highest = max(highest ?? index, index)
        return index
    }

    mutating func rewind() {
        rewound = true
        previous = nil
        highest = nil
    }
}

func describe(_ numbers: [Int]) -> String {
    guard numbers.count > 4 else { return numbers.map(String.init).joined(separator: ", ") }
    return "\(numbers[0])–\(numbers[numbers.count - 1]) (\(numbers.count) frames)"
}
