import Foundation
import Tensor

/// The `metrics.jsonl` of a run: one `MetricsRecord` per line, each line handed to the kernel with
/// one write(2) as it is appended, so a crash of the process loses nothing that was logged.
///
/// Opening for a resumed run keeps only the lines up to the checkpoint's step (and drops a line
/// torn by a crash), so after the resumed run re-logs the steps it repeats, the file equals an
/// uninterrupted run's. Opening for a fresh run starts an empty file.
public final class MetricsLog {
    public let path: String
    private let descriptor: Int32

    /// `resumingAfter`: the step of the checkpoint the run resumes from (lines with a larger step
    /// are dropped); nil for a fresh run.
    public init(path: String, resumingAfter step: Int?) throws {
        self.path = path
        var kept: [UInt8] = []
        if let step, FileManager.default.fileExists(atPath: path) {
            for line in try Self.completeLines(path) {
                if let record = MetricsRecord(jsonLine: line), record.step <= step { kept += Array(line.utf8) + [0x0A] }
            }
        }
        try writeFileAtomically(kept, to: path)
        descriptor = open(path, O_WRONLY | O_APPEND)
        guard descriptor >= 0 else {
            throw FileError(path: path, message: "cannot open for appending: \(String(cString: strerror(errno)))")
        }
    }

    deinit { close(descriptor) }

    public func append(_ record: MetricsRecord) throws {
        let bytes = Array((record.jsonLine + "\n").utf8)
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + written, bytes.count - written) }
            if result < 0 {
                if errno == EINTR { continue }
                throw FileError(path: path, message: "cannot append: \(String(cString: strerror(errno)))")
            }
            written += result
        }
    }

    /// The records of a metrics file. A last line without its newline (torn by a crash) is ignored;
    /// any other malformed line is an error naming the file and line.
    public static func read(_ path: String) throws -> [MetricsRecord] {
        try completeLines(path).enumerated().compactMap { index, line in
            if line.allSatisfy(\.isWhitespace) { return nil }
            guard let record = MetricsRecord(jsonLine: line) else {
                throw FileError(path: "\(path):\(index + 1)", message: "not a metrics line (a JSON object with integer step and epoch)")
            }
            return record
        }
    }

    private static func completeLines(_ path: String) throws -> [Substring] {
        let text = String(decoding: try readWholeFile(path), as: UTF8.self)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        lines.removeLast()  // after the last newline: empty, or a torn line
        return lines
    }
}
