import CFFmpeg
import Foundation

/// Where each frame of a file sits in time: frame N is the N-th frame the decoder gives from the
/// start. Found once per file per process (one demux pass over the packets and one decoded frame)
/// and kept in `FrameTimeline.cache`, so a clip can seek straight to its frames and number what
/// it decodes even when frame times are uneven (variable frame rate, dropped frames, AVI's empty
/// chunks, an open-GOP cut whose first pictures never decode).
struct FrameTimeline: Sendable {
    /// The first frame's time (stream time base).
    let origin: Int64
    /// Ticks per frame when every frame sits on that grid (constant rate); then `times` is empty.
    let step: Double?
    /// Every frame's time in presentation order, when the rate is not constant.
    let times: [Int64]

    func time(ofFrame index: Int) -> Int64? {
        if let step { return origin + Int64((Double(index) * step).rounded(.down)) }
        return index < times.count ? times[index] : nil
    }

    /// The frame shown at `time`, or nil when no frame is there (the timeline does not fit the file).
    func frame(at time: Int64) -> Int? {
        if let step {
            let exact = Double(time - origin) / step
            let index = Int(exact.rounded())
            return abs(exact - Double(index)) <= 0.25 && index >= 0 ? index : nil
        }
        var low = 0, high = times.count
        while low < high {
            let middle = (low + high) / 2
            if times[middle] < time { low = middle + 1 } else { high = middle }
        }
        return low < times.count && times[low] == time ? low : nil
    }

    /// From the presentation times of the packets (any order) and the first decoded frame's time.
    init?(packetTimes: [Int64], firstDecoded: Int64) {
        let sorted = packetTimes.sorted().drop { $0 < firstDecoded }
        guard let first = sorted.first, first == firstDecoded else { return nil }
        origin = first
        let times = Array(sorted)
        if times.count >= 2 {
            let step = Double(times[times.count - 1] - first) / Double(times.count - 1)
            let onGrid = step > 0 && times.enumerated().allSatisfy { index, time in
                abs(Double(time - first) - Double(index) * step) <= 0.25 * step
            }
            self.step = onGrid ? step : nil
            self.times = onGrid ? [] : times
        } else {
            step = nil
            self.times = times
        }
    }

    static let cache = TimelineCache()
}

/// Timelines by file (path, size and modification time), at most `limit` of them; the variable-rate
/// ones hold 8 bytes per frame.
final class TimelineCache: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [String: FrameTimeline] = [:]
    private let limit = 20_000

    func timeline(for key: String) -> FrameTimeline? { lock.withLock { entries[key] } }

    func store(_ timeline: FrameTimeline, for key: String) {
        lock.withLock {
            if entries.count >= limit { entries.removeAll(keepingCapacity: true) }
            entries[key] = timeline
        }
    }
}

extension MediaReader {
    /// The file's timeline, from the cache or found now; nil when its packets carry no usable times.
    func frameTimeline(deadline: Deadline) throws -> FrameTimeline? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        let key = "\(path)\u{0}\(info.st_size)\u{0}\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)"
        if let known = FrameTimeline.cache.timeline(for: key) { return known }
        let input = try openInput(deadline: deadline)
        if input.bestVideoStream == nil { try input.analyze(log: log) }
        guard let streamIndex = input.bestVideoStream else { return nil }
        for index in 0..<input.streamCount where index != streamIndex {
            input.stream(index).pointee.discard = AVDISCARD_ALL
        }
        let decoder = try openDecoder(input, streamIndex: streamIndex)
        let packet = try Packet()
        var times: [Int64] = []
        var firstDecoded: Int64?
        var usable = true
        try log.collect {
            var draining = false
            while !draining {
                let status = av_read_frame(input.context, packet.pointer)
                defer { av_packet_unref(packet.pointer) }
                if status < 0 {
                    try input.throwIfTimedOut(status)
                    draining = true
                    if firstDecoded == nil { avcodec_send_packet(decoder.context, nil) }
                } else if packet.pointer.pointee.stream_index == Int32(streamIndex) {
                    let item = packet.pointer.pointee
                    if item.flags & AV_PKT_FLAG_DISCARD == 0 {
                        let time = item.pts != noPTS ? item.pts : item.dts
                        if time == noPTS { usable = false; return }
                        times.append(time)
                    }
                    if firstDecoded == nil { avcodec_send_packet(decoder.context, packet.pointer) }
                }
                if firstDecoded == nil, avcodec_receive_frame(decoder.context, decoder.frame) >= 0 {
                    firstDecoded = decoder.frame.pointee.best_effort_timestamp
                    av_frame_unref(decoder.frame)
                }
            }
        }
        guard usable, let firstDecoded, firstDecoded != noPTS,
              let timeline = FrameTimeline(packetTimes: times, firstDecoded: firstDecoded) else { return nil }
        FrameTimeline.cache.store(timeline, for: key)
        return timeline
    }
}
