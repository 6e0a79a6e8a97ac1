import CFFmpeg

/// Reads one file: probe, clip decode, full check. Not Sendable: use one reader per thread. Each
/// call opens the file afresh and frees every FFmpeg resource before it returns (each resource has
/// exactly one owner that frees it in `deinit`), so a reader holds no file open between calls.
public final class MediaReader {
    public let path: String
    /// Decoder threads per file. 1 is best when one file runs per core (video-perf.md §B, §C).
    public var decoderThreads: Int
    /// Seconds one call (probe, clip, check) may take; FFmpeg's blocking reads are interrupted past
    /// it, so a file on a stalled disk or network mount cannot stall a worker. Nil: no limit.
    public var timeLimit: Double?
    let log = LogCapture()

    /// The default `timeLimit`: far beyond what a sane file needs for a probe or a clip.
    public static let defaultTimeLimit: Double = 120

    public init(path: String, decoderThreads: Int = 1, timeLimit: Double? = MediaReader.defaultTimeLimit) {
        self.path = path
        self.decoderThreads = max(1, decoderThreads)
        self.timeLimit = timeLimit
    }

    func openInput(deadline: Deadline? = nil) throws -> FormatInput {
        log.reset()
        return try FormatInput(path: path, log: log, deadline: deadline ?? Deadline(seconds: timeLimit))
    }

    func openDecoder(_ input: FormatInput, streamIndex: Int) throws -> StreamDecoder {
        try StreamDecoder(stream: input.stream(streamIndex), path: path, threads: Int32(decoderThreads), log: log)
    }
}
