#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes RFC 4180 records to a temporary file next to the destination and renames it into place
/// on `commit()`, so a reader never sees a half-written table and a failed run leaves the old file.
/// Fields are quoted only when they must be (a comma, quote, CR or LF inside, as pandas writes
/// them); records end with LF. If `commit()` is never called, `deinit` removes the temporary file.
public final class CSVWriter {
    public let path: String
    private let temporaryPath: String
    private var file: UnsafeMutablePointer<FILE>?
    private var pending: [UInt8] = []

    public init(path: String) throws {
        self.path = path
        let slash = path.lastIndex(of: "/")
        let folder = slash.map { String(path[..<$0]) } ?? "."
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        temporaryPath = "\(folder)/.\(name).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp"
        file = fopen(temporaryPath, "wb")
        guard file != nil else {
            throw TableError(path: path, message: "cannot write in \(folder): \(String(cString: strerror(errno)))")
        }
        pending.reserveCapacity(1 << 16)
    }

    deinit {
        if let file {
            fclose(file)
            unlink(temporaryPath)
        }
    }

    public func write(_ fields: [String]) throws {
        for (index, value) in fields.enumerated() {
            if index > 0 { pending.append(0x2C) }
            append(value)
        }
        pending.append(0x0A)
        if pending.count >= 1 << 16 { try flushPending() }
    }

    /// Flushes, closes and renames the file into place.
    public func commit() throws {
        try flushPending()
        guard let file else { return }
        self.file = nil
        let closed = fclose(file) == 0
        guard closed, rename(temporaryPath, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporaryPath)
            throw TableError(path: path, message: "cannot write: \(reason)")
        }
    }

    private func append(_ value: String) {
        let utf8 = value.utf8
        let needsQuotes = utf8.withContiguousStorageIfAvailable { bytes in
            bytes.contains { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }
        } ?? utf8.contains { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }
        guard needsQuotes else {
            pending.append(contentsOf: utf8)
            return
        }
        pending.append(0x22)
        for byte in utf8 {
            if byte == 0x22 { pending.append(0x22) }
            pending.append(byte)
        }
        pending.append(0x22)
    }

    private func flushPending() throws {
        guard let file, !pending.isEmpty else { return }
        let written = pending.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
        guard written == pending.count else {
            throw TableError(path: path, message: "cannot write: \(String(cString: strerror(errno)))")
        }
        pending.removeAll(keepingCapacity: true)
    }
}
