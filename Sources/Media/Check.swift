import CFFmpeg

/// The result of decoding a whole file.
public struct DecodeReport: Sendable, Equatable {
    public var path: String
    /// Every problem in the order met: API failures, FFmpeg's error-level log lines, missing frames.
    public var errors: [String]
    public var framesDecoded: Int
    /// The container's frame count, when it lists one (for the report only: containers miscount,
    /// so a file is judged by what decoding says, not by this number).
    public var framesExpected: Int?

    public var isClean: Bool { errors.isEmpty }

    public init(path: String, errors: [String], framesDecoded: Int, framesExpected: Int? = nil) {
        self.path = path
        self.errors = errors
        self.framesDecoded = framesDecoded
        self.framesExpected = framesExpected
    }
}

/// Decodes every video and audio packet of the file (never throws: every failure is in the report).
public func check(_ path: String, timeLimit seconds: Double? = nil) -> DecodeReport {
    MediaReader(path: path).check(timeLimit: seconds)
}

extension MediaReader {
    /// A file is broken when it cannot be opened, has no video stream, logs anything at error level
    /// while it is read and decoded (as `ffmpeg -v error -i F -f null -` would print it; a truncated
    /// mp4 logs "partial file"), returns a decoder error, decodes no frame or runs past the time
    /// limit. A container's frame count is not a rule: headers miscount (AVI's by up to hundreds,
    /// edit-listed mp4 by the frames the edit cuts) while every frame decodes.
    public func check(timeLimit seconds: Double? = nil) -> DecodeReport {
        var report = DecodeReport(path: path, errors: [], framesDecoded: 0, framesExpected: nil)
        let deadline = Deadline(seconds: seconds ?? timeLimit)
        do {
            let input = try openInput(deadline: deadline)
            if input.bestVideoStream == nil { try input.analyze(log: log) }
            guard let videoIndex = input.bestVideoStream else {
                report.errors = ["no video stream"] + log.lines
                return report
            }
            let videoStream = input.stream(videoIndex)
            if videoStream.pointee.nb_frames > 0, !isImageInput(input) {
                report.framesExpected = Int(videoStream.pointee.nb_frames)
            }
            var decoders: [Int: StreamDecoder] = [:]
            for index in 0..<input.streamCount {
                let type = input.stream(index).pointee.codecpar.pointee.codec_type
                if index == videoIndex || type == AVMEDIA_TYPE_AUDIO {
                    decoders[index] = try openDecoder(input, streamIndex: index)
                } else {
                    input.stream(index).pointee.discard = AVDISCARD_ALL
                }
            }
            var problems: [String] = []
            let packet = try Packet()
            var timedOut = false
            log.collect {
                while true {
                    if deadline.hasPassed { timedOut = true; break }
                    let status = av_read_frame(input.context, packet.pointer)
                    if status == averrorEOF { break }
                    if status < 0 {
                        if status == averrorExit { timedOut = true } else { problems.append("read: \(averrorText(status))") }
                        break
                    }
                    let index = Int(packet.pointer.pointee.stream_index)
                    if let decoder = decoders[index] {
                        let frames = decodePacket(decoder, packet.pointer, problems: &problems)
                        if index == videoIndex { report.framesDecoded += frames }
                    }
                    av_packet_unref(packet.pointer)
                }
                for (index, decoder) in decoders.sorted(by: { $0.key < $1.key }) {
                    let frames = decodePacket(decoder, nil, problems: &problems)
                    if index == videoIndex { report.framesDecoded += frames }
                }
            }
            if timedOut { problems.append("time limit of \(deadline.limitText) s exceeded") }
            report.errors = problems + log.lines
            if report.framesDecoded == 0, !timedOut { report.errors.append("no video frame decoded") }
        } catch let error as MediaError {
            report.errors = [error.message] + error.ffmpegLog
        } catch {
            report.errors = ["\(error)"]
        }
        return report
    }

    /// Sends one packet (nil drains) and receives every frame it yields; returns the frame count.
    private func decodePacket(_ decoder: StreamDecoder, _ packet: UnsafeMutablePointer<AVPacket>?,
                              problems: inout [String]) -> Int {
        let sent = avcodec_send_packet(decoder.context, packet)
        if sent < 0, sent != averrorEOF {
            problems.append("decode: \(averrorText(sent))")
            return 0
        }
        var frames = 0
        while true {
            let received = avcodec_receive_frame(decoder.context, decoder.frame)
            if received == averrorEAGAIN || received == averrorEOF { break }
            if received < 0 {
                problems.append("decode: \(averrorText(received))")
                break
            }
            frames += 1
            av_frame_unref(decoder.frame)
        }
        return frames
    }
}

func formatSeconds(_ value: Double) -> String {
    value == value.rounded() ? String(Int(value)) : String(value)
}
