import CFFmpeg
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Collects what FFmpeg logs at error level or worse while one reader works. FFmpeg's logging is
/// process-wide, so the callback finds the capture of the calling thread through a thread-specific
/// slot; decoders run with one thread, so their messages arrive on the thread that called them.
final class LogCapture {
    private(set) var lines: [String] = []
    private(set) var count = 0
    private let keep = 20

    func record(_ line: String) {
        count += 1
        if lines.count < keep { lines.append(line) }
    }

    func reset() {
        lines.removeAll(keepingCapacity: true)
        count = 0
    }

    /// Runs `body` with this capture receiving the calling thread's FFmpeg messages.
    func collect<T>(_ body: () throws -> T) rethrows -> T {
        _ = ffmpegLogInstalled
        let previous = pthread_getspecific(logSlot)
        pthread_setspecific(logSlot, Unmanaged.passUnretained(self).toOpaque())
        defer { pthread_setspecific(logSlot, previous) }
        return try body()
    }
}

private let logSlot: pthread_key_t = {
    var key = pthread_key_t()
    pthread_key_create(&key, nil)
    return key
}()

/// Installed once, before the first reader opens a file. Messages on threads without a capture
/// (none of ours) are dropped: FFmpeg never writes to our terminal.
private let ffmpegLogInstalled: Void = {
    av_log_set_callback { context, level, format, arguments in
        guard level <= AV_LOG_ERROR, let arguments, let slot = pthread_getspecific(logSlot) else { return }
        let capture = Unmanaged<LogCapture>.fromOpaque(slot).takeUnretainedValue()
        var line = [CChar](repeating: 0, count: 512)
        var printPrefix: Int32 = 1
        av_log_format_line(context, level, format, arguments, &line, Int32(line.count), &printPrefix)
        let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let trimmed = withoutAddresses(text.trimmingTrailingNewlines())
        if !trimmed.isEmpty { capture.record(trimmed) }
    }
}()

/// "[h264 @ 0x55d…] msg" → "[h264] msg": addresses differ from run to run and mean nothing to users.
private func withoutAddresses(_ line: String) -> String {
    var result = ""
    var rest = Substring(line)
    while let at = rest.firstRange(of: " @ 0x") {
        result += rest[..<at.lowerBound]
        rest = rest[at.upperBound...].drop { $0.isHexDigit }
    }
    return result + rest
}

extension String {
    func trimmingTrailingNewlines() -> String {
        var result = Substring(self)
        while let last = result.last, last == "\n" || last == "\r" || last == " " { result = result.dropLast() }
        return String(result)
    }
}
