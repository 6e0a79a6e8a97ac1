import Foundation

/// An append-only TensorBoard event file. Each record goes to the kernel with one write(2) as it
/// is written (TensorBoard may be reading the file while training runs, and a crash loses nothing
/// that was written).
///
/// Resuming (`keepingStepsThrough`): the run's earlier event files are replaced by one new file
/// holding their records of steps 1…S (S = the checkpoint the run resumes from), written under a
/// name TensorBoard ignores and renamed; the resumed run then appends the steps it repeats and
/// the new ones. So, like `metrics.jsonl`, the files hold each step once, with the values the
/// finished run logged. Step-0 records (config, hyperparameters) are written again by each start.
public final class EventWriter {
    public let path: String
    private let descriptor: Int32

    /// A new file in `directory` for `writer`. With `keepingStepsThrough`, first folds that
    /// writer's existing files into it as described above; without, they are left alone.
    public init(directory: String, writer: String, keepingStepsThrough step: Int64? = nil,
                wallTime: Double = Date().timeIntervalSince1970) throws {
        let manager = FileManager.default
        try manager.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var name = EventFiles.name(writer: writer, wallTime: wallTime)
        var counter = 1
        while manager.fileExists(atPath: (directory as NSString).appendingPathComponent(name)) {
            counter += 1
            name = EventFiles.name(writer: "\(counter).\(writer)", wallTime: wallTime)
        }
        path = (directory as NSString).appendingPathComponent(name)
        var bytes = RecordFraming.frame(Event(wallTime: wallTime, step: 0, payload: .fileVersion(Event.fileVersion)).encoded())
        let earlier = step == nil ? [] : EventFiles.list(in: directory, writer: writer)
        if let step {
            for file in earlier {
                guard let data = manager.contents(atPath: file) else { continue }
                // A damaged earlier file keeps what can be read of it; training must go on.
                let records = (try? RecordFraming.records(Array(data))) ?? []
                for record in records {
                    guard let event = try? Event(decoding: record), case .summary = event.payload,
                          event.step >= 1, event.step <= step else { continue }
                    bytes += RecordFraming.frame(record)
                }
            }
        }
        let partial = (directory as NSString).appendingPathComponent(".partial-\(ProcessInfo.processInfo.processIdentifier)-events")
        guard manager.createFile(atPath: partial, contents: Data(bytes)) else {
            throw EventFileError(path: partial, message: "cannot be created")
        }
        do {
            try manager.moveItem(atPath: partial, toPath: path)
        } catch {
            throw EventFileError(path: path, message: "cannot be created: \(error.localizedDescription)")
        }
        for file in earlier { try? manager.removeItem(atPath: file) }
        descriptor = open(path, O_WRONLY | O_APPEND)
        guard descriptor >= 0 else {
            throw EventFileError(path: path, message: "cannot open for appending: \(String(cString: strerror(errno)))")
        }
    }

    deinit { close(descriptor) }

    public func write(_ event: Event) throws {
        let bytes = RecordFraming.frame(event.encoded())
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes { systemWrite(descriptor, $0.baseAddress! + written, bytes.count - written) }
            if result < 0 {
                if errno == EINTR { continue }
                throw EventFileError(path: path, message: "cannot append: \(String(cString: strerror(errno)))")
            }
            written += result
        }
    }

    public func write(step: Int64, _ values: [SummaryValue], wallTime: Double = Date().timeIntervalSince1970) throws {
        try write(Event(wallTime: wallTime, step: step, payload: .summary(values)))
    }
}

/// write(2), named apart from `EventWriter.write`.
private func systemWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, buffer, count)
}
