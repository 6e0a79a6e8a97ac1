import Foundation

/// One run per stage directory at a time: an advisory lock (`flock`) on `<run directory>/.lock`,
/// held by the process that trains for as long as it trains, with its pid inside so that `plan`
/// can say who holds it. The kernel drops the lock when the process ends, however it ends, so a
/// killed run never leaves a stale lock behind.
public final class RunLock: @unchecked Sendable {
    public static let fileName = ".lock"
    private let descriptor: Int32

    /// Another process trains in the directory.
    public struct Held: Error, Sendable {
        public var pid: Int32?
    }

    private init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    /// Takes the lock of `directory` (created if needed), or throws `Held`.
    public static func acquire(in directory: String) throws -> RunLock {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = directory + "/" + fileName
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw CocoaError(.fileWriteNoPermission) }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            throw Held(pid: holder(of: directory))
        }
        let text = "\(getpid())\n"
        _ = ftruncate(descriptor, 0)
        _ = text.withCString { pwrite(descriptor, $0, strlen($0), 0) }
        return RunLock(descriptor: descriptor)
    }

    /// The pid of the process holding the lock of `directory`, or nil when nobody does.
    public static func holder(of directory: String) -> Int32? {
        let path = directory + "/" + fileName
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        if flock(descriptor, LOCK_SH | LOCK_NB) == 0 {
            flock(descriptor, LOCK_UN)
            return nil
        }
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = pread(descriptor, &buffer, buffer.count, 0)
        let text = String(decoding: buffer.prefix(max(count, 0)), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return Int32(text) ?? -1
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
