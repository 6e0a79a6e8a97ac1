import CFFmpeg

/// A video's frame count and whether it is known or estimated.
struct FrameCount {
    var value: Int
    var isExact: Bool
}

extension MediaReader {
    /// The count `counting` asks for. With `.header`, a container index is trusted only when it is
    /// plausible for the file (no more frames than bytes, none where the header has none); a
    /// container without an index gives `duration × fps`, flagged inexact, and a stream without a
    /// duration (raw `.h264`, `.m2v`) has its packets counted.
    func frameCount(_ input: FormatInput, streamIndex: Int, counting: FrameCounting,
                    duration: Double?, fps: Rational?) throws -> FrameCount {
        switch counting {
        case .packets: return FrameCount(value: try countPackets(input, streamIndex: streamIndex), isExact: true)
        case .decoded: return FrameCount(value: try countDecodedFrames(input, streamIndex: streamIndex), isExact: true)
        case .header: break
        }
        let stream = input.stream(streamIndex)
        let size = fileSize(path)
        let estimate = duration.flatMap { seconds in fps.map { Int((seconds * $0.value).rounded()) } } ?? 0
        // A corrupted sample table can claim millions of frames: no more frames than bytes, and
        // not far beyond what the duration and rate give when they are known.
        let plausible = { (count: Int) in
            count > 0 && Int64(count) <= max(size, 1) && (estimate <= 0 || count <= 2 * estimate + 10)
        }
        if let indexed = indexedFrameCount(input, stream), plausible(indexed) {
            return FrameCount(value: indexed, isExact: true)
        }
        let listed = Int(stream.pointee.nb_frames)
        if plausible(listed), !input.containerName.hasPrefix("avi") {
            return FrameCount(value: listed, isExact: true)
        }
        if estimate > 0, Int64(estimate) <= max(size, 1) { return FrameCount(value: estimate, isExact: false) }
        return FrameCount(value: try countPackets(input, streamIndex: streamIndex), isExact: true)
    }

    /// Frames in the index of containers that index every frame: mp4/mov (the sample table, less
    /// the samples an edit list cuts, which the decoder never gives) and AVI (idx1, which an AVI
    /// header's frame count may contradict). Other demuxers index keyframes or nothing.
    private func indexedFrameCount(_ input: FormatInput, _ stream: UnsafeMutablePointer<AVStream>) -> Int? {
        let name = input.containerName
        guard name.hasPrefix("mov") || name == "avi" else { return nil }
        let entries = avformat_index_get_entries_count(stream)
        guard entries > 0 else { return nil }
        var count = 0
        for position in 0..<entries {
            guard let entry = avformat_index_get_entry(stream, position) else { continue }
            if entry.pointee.flags & AVINDEX_DISCARD_FRAME != 0 { continue }
            // AVI marks a dropped frame with an empty chunk; the demuxer gives no packet for it.
            if name == "avi", entry.pointee.size == 0 { continue }
            count += 1
        }
        return count
    }

    func countPackets(_ input: FormatInput, streamIndex: Int) throws -> Int {
        for index in 0..<input.streamCount where index != streamIndex {
            input.stream(index).pointee.discard = AVDISCARD_ALL
        }
        let packet = try Packet()
        var count = 0
        while true {
            let status = log.collect { av_read_frame(input.context, packet.pointer) }
            if status < 0 {
                try input.throwIfTimedOut(status)
                break
            }
            if packet.pointer.pointee.stream_index == Int32(streamIndex) { count += 1 }
            av_packet_unref(packet.pointer)
        }
        return count
    }

    /// Decodes the video stream (skipping the loop filter and IDCT, which change pixels but not
    /// which frames come out) and counts the frames the decoder delivers.
    func countDecodedFrames(_ input: FormatInput, streamIndex: Int) throws -> Int {
        for index in 0..<input.streamCount where index != streamIndex {
            input.stream(index).pointee.discard = AVDISCARD_ALL
        }
        let decoder = try openDecoder(input, streamIndex: streamIndex)
        decoder.context.pointee.skip_loop_filter = AVDISCARD_ALL
        decoder.context.pointee.skip_idct = AVDISCARD_ALL
        let packet = try Packet()
        var count = 0
        try log.collect {
            var draining = false
            while !draining {
                let status = av_read_frame(input.context, packet.pointer)
                if status < 0 {
                    try input.throwIfTimedOut(status)
                    draining = true
                    avcodec_send_packet(decoder.context, nil)
                } else {
                    if packet.pointer.pointee.stream_index == Int32(streamIndex) {
                        avcodec_send_packet(decoder.context, packet.pointer)
                    }
                    av_packet_unref(packet.pointer)
                }
                while avcodec_receive_frame(decoder.context, decoder.frame) >= 0 {
                    count += 1
                    av_frame_unref(decoder.frame)
                }
            }
        }
        return count
    }
}
