import Foundation

/// Where event files live and how they are named: TensorBoard reads every file whose name holds
/// "tfevents" in a run's folder, in name order. strata's names are
/// `events.out.tfevents.<unix seconds>.<host>.<pid>.<writer>` — `writer` is `strata-train` for a
/// training run and `strata-sample` for `strata sample`, so a resumed training run rewrites only
/// its own files.
public enum EventFiles {
    public static let marker = "tfevents"

    public static func name(writer: String, wallTime: Double) -> String {
        let host = ProcessInfo.processInfo.hostName.split(separator: ".").first.map(String.init) ?? "localhost"
        return "events.out.tfevents.\(Int(wallTime)).\(host).\(ProcessInfo.processInfo.processIdentifier).\(writer)"
    }

    /// The event files of a folder (all writers unless `writer` is given), in TensorBoard's order.
    public static func list(in directory: String, writer: String? = nil) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { name in
            name.contains(marker) && !name.hasPrefix(".") && (writer.map { name.hasSuffix("." + $0) } ?? true)
        }
            .sorted()
            .map { (directory as NSString).appendingPathComponent($0) }
    }

    /// Every event of a file, the first being its file version.
    public static func read(_ path: String) throws -> [Event] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw EventFileError(path: path, message: "cannot be read")
        }
        do {
            return try RecordFraming.records(Array(data)).map { try Event(decoding: $0) }
        } catch let error as RecordFraming.Corrupt {
            throw EventFileError(path: path, message: error.description)
        } catch let error as ProtoDecodingError {
            throw EventFileError(path: path, message: "not an Event record: \(error.description)")
        }
    }
}

public struct EventFileError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var message: String

    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { "\(path): \(message)" }
}
