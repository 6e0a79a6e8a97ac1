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
    /// Frame N is the N-th frame the decoder gives from the start of the file (what the ffmpeg
    /// CLI's `select=eq(n\,N)` picks): presentation order, edit lists applied, frames the decoder
    /// cannot give (an open GOP's leading pictures after a cut) not counted.
    ///
    /// Fast path: seek to the keyframe before the first frame needed and number frames by
    /// timestamp, `round((t − t₀) × fps)` with t₀ the first decodable frame's time. That holds for
    /// constant-rate video only, so every number is checked as it comes: a timestamp off the frame
    /// grid, a number that is not the previous one plus one, or a seek that lands past the first
    /// frame needed (variable frame rate, dropped or ramped frame times, a wrong index) switches to
    /// the exact path, which decodes from the start and counts frames.
    public func decodeClip(frameIndices: [Int], width: Int, height: Int, crop: ClipCrop = .centerCover) throws -> RGBClip {
        guard let first = frameIndices.min(), first >= 0, width > 0, height > 0 else {
            throw MediaError(.invalidArgument, path: path,
                             message: "a clip needs at least one frame number ≥ 0 and a positive size, got frames \(frameIndices) at \(width)x\(height)")
        }
        let deadline = Deadline(seconds: timeLimit)
        let request = ClipRequest(frameIndices: frameIndices, width: width, height: height, crop: crop)
        if first > 0, !isImagePath, let timeline = try frameTimeline(deadline: deadline),
           let clip = try decodeClipAttempt(request, timeline: timeline, deadline: deadline) {
            return clip
        }
        return try decodeClipAttempt(request, timeline: nil, deadline: deadline)!
    }

    private var isImagePath: Bool {
        imageExtensions.contains(path.split(separator: ".").last.map { $0.lowercased() } ?? "")
    }

    /// One pass over the file: seeking by `timeline`, or (nil) decoding from the start and counting.
    /// Nil when the timeline proved not to fit what the decoder gives (then count from the start).
    private func decodeClipAttempt(_ request: ClipRequest, timeline: FrameTimeline?, deadline: Deadline) throws -> RGBClip? {
        var request = request
        let input = try openInput(deadline: deadline)
        if input.bestVideoStream == nil { try input.analyze(log: log) }
        guard let streamIndex = input.bestVideoStream else {
            throw MediaError(.noVideoStream, path: path, message: "no video stream", ffmpegLog: log.lines)
        }
        for index in 0..<input.streamCount where index != streamIndex {
            input.stream(index).pointee.discard = AVDISCARD_ALL
        }
        let decoder = try openDecoder(input, streamIndex: streamIndex)
        let packet = try Packet()
        var numbering = FrameNumbering(timeline: timeline)
        if let timeline {
            guard let target = timeline.time(ofFrame: request.first),
                  av_seek_frame(input.context, Int32(streamIndex), target, AVSEEK_FLAG_BACKWARD) >= 0 else { return nil }
        }
        let scaler = try FrameScaler()
        var failure: String?
        var timedOut = false
        var fellBack = false
        log.collect {
            var draining = false
            while !request.pending.isEmpty, failure == nil {
                if !draining {
                    let status = av_read_frame(input.context, packet.pointer)
                    if status < 0 {
                        if status == averrorExit || deadline.hasPassed { timedOut = true; break }
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
                    guard let index = numbering.next(decoder.frame.pointee.best_effort_timestamp, wanted: request.first) else {
                        fellBack = true
                        return
                    }
                    guard request.pending.contains(index) else { continue }
                    failure = request.deliver(decoder.frame, as: index, scaler: scaler)
                    if failure != nil { break }
                }
                if draining && !producedAny { break }
                if let highest = numbering.highest, highest >= request.last { break }
            }
        }
        if timedOut { try input.throwIfTimedOut(averrorExit) }
        if fellBack || (timeline != nil && !request.pending.isEmpty) { return nil }
        if let failure {
            throw MediaError(.decoder, path: path, message: failure, ffmpegLog: log.lines)
        }
        guard request.pending.isEmpty else {
            let missing = request.pending.sorted()
            let known = numbering.highest.map { "the last frame decoded is \($0)" } ?? "no frame decoded"
            throw MediaError(.framesUnavailable, path: path,
                             message: "cannot decode frame\(missing.count == 1 ? "" : "s") \(describe(missing)) (\(known))",
                             ffmpegLog: log.lines, framesAvailable: (numbering.highest ?? -1) + 1)
        }
        return request.clip
    }
}

/// The frames asked for and the clip being filled.
struct ClipRequest {
    let first: Int
    let last: Int
    let crop: ClipCrop
    var clip: RGBClip
    /// Frame number → the clip positions that show it.
    let positions: [Int: [Int]]
    var pending: Set<Int>

    init(frameIndices: [Int], width: Int, height: Int, crop: ClipCrop) {
        var positions: [Int: [Int]] = [:]
        for (position, index) in frameIndices.enumerated() { positions[index, default: []].append(position) }
        self.positions = positions
        first = frameIndices.min() ?? 0
        last = frameIndices.max() ?? 0
        self.crop = crop
        pending = Set(positions.keys)
        clip = RGBClip(width: width, height: height, frameIndices: frameIndices,
                       pixels: [UInt8](repeating: 0, count: width * height * 3 * frameIndices.count))
    }

    /// Converts `frame` into every position that shows frame `index`; a failure's reason, or nil.
    mutating func deliver(_ frame: UnsafeMutablePointer<AVFrame>, as index: Int, scaler: FrameScaler) -> String? {
        guard let targets = positions[index] else { return nil }
        let width = clip.width, height = clip.height
        let descriptor = av_pix_fmt_desc_get(AVPixelFormat(rawValue: frame.pointee.format))
        guard let region = crop.sourceRegion(sourceWidth: Int(frame.pointee.width), sourceHeight: Int(frame.pointee.height),
                                             targetWidth: width, targetHeight: height,
                                             chromaShiftX: Int(descriptor?.pointee.log2_chroma_w ?? 0),
                                             chromaShiftY: Int(descriptor?.pointee.log2_chroma_h ?? 0)) else {
            return "the crop \(crop) does not fit in the \(frame.pointee.width)x\(frame.pointee.height) frame"
        }
        let frameBytes = clip.frameByteCount
        var failure: String?
        clip.pixels.withUnsafeMutableBufferPointer { buffer in
            let firstTarget = buffer.baseAddress! + targets[0] * frameBytes
            if !scaler.scale(frame, region: region, width: width, height: height, into: firstTarget) {
                failure = "cannot convert frame \(index) to RGB"
            }
            for extra in targets.dropFirst() {
                (buffer.baseAddress! + extra * frameBytes).update(from: firstTarget, count: frameBytes)
            }
        }
        pending.remove(index)
        return failure
    }
}

/// Numbers decoded frames: by position from the start (the exact way), or after a seek by the
/// file's timeline, with every number checked.
struct FrameNumbering {
    let timeline: FrameTimeline?
    private(set) var highest: Int?
    private var previous: Int?

    init(timeline: FrameTimeline?) { self.timeline = timeline }

    /// The number of the next decoded frame, or nil when the timeline does not fit it.
    mutating func next(_ time: Int64, wanted first: Int) -> Int? {
        let index: Int
        if let timeline {
            guard time != noPTS, let found = timeline.frame(at: time) else { return nil }
            // Not consecutive, or a seek that landed past the first frame wanted.
            if let previous, found != previous + 1 { return nil }
            if previous == nil, found > first { return nil }
            index = found
        } else {
            index = (previous ?? -1) + 1
        }
        previous = index
        highest = max(highest ?? index, index)
        return index
    }
}

func describe(_ numbers: [Int]) -> String {
    guard numbers.count > 4 else { return numbers.map(String.init).joined(separator: ", ") }
    return "\(numbers[0])–\(numbers[numbers.count - 1]) (\(numbers.count) frames)"
}
