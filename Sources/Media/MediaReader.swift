import CFFmpeg

/// Reads one file: probe, clip decode, full check. Not Sendable: use one reader per thread. Each
/// call opens the file afresh and frees every FFmpeg resource before it returns (each resource has
/// exactly one owner that frees it in `deinit`), so a reader holds no file open between calls.
public final class MediaReader {
    public let path: String
    /// Decoder threads per file. 1 is best when one file runs per core (video-perf.md §B, §C).
    public var decoderThreads: Int
    let log = LogCapture()

    public init(path: String, decoderThreads: Int = 1) {
        self.path = path
        self.decoderThreads = max(1, decoderThreads)
    }

    func openInput(deadline: Deadline = Deadline(seconds: nil)) throws -> FormatInput {
        log.reset()
        return try FormatInput(path: path, log: log, deadline: deadline)
    }

    func openDecoder(_ input: FormatInput, streamIndex: Int) throws -> StreamDecoder {
        try StreamDecoder(stream: input.stream(streamIndex), path: path, threads: Int32(decoderThreads), log: log)
    }
}
