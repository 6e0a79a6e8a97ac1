#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An output file that appears only when complete: bytes go to a temporary file in the same folder,
/// `commit()` renames it over the destination. Without `commit()`, `deinit` removes the temporary
/// file, so a failed run leaves whatever was there before.
public final class AtomicFile {
    public let path: String
    private let temporaryPath: String
    private var file: UnsafeMutablePointer<FILE>?
    /// Bytes not yet handed to the C library: `pending[0..<pendingCount]`. A raw buffer rather than
    /// an array, so that `CSVWriter` can encode a whole record into it in one step.
    private var pending: UnsafeMutablePointer<UInt8>
    private var pendingCapacity = 1 << 20
    private var pendingCount = 0

    public init(path: String) throws {
        self.path = path
        let folder = parentFolder(of: path)
        let name = path.split(separator: "/").last.map(String.init) ?? path
        temporaryPath = "\(folder)/.\(name).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp"
        pending = .allocate(capacity: pendingCapacity)
        file = fopen(temporaryPath, "wb")
        // Every property is set by now, so the throw below runs `deinit`, which frees `pending`.
        guard file != nil else {
            throw TableError(path: path, message: "cannot write in \(folder): \(String(cString: strerror(errno)))")
        }
    }

    deinit {
        if let file {
            fclose(file)
            unlink(temporaryPath)
        }
        pending.deallocate()
    }

    public func append(_ byte: UInt8) {
        withSpace(1) { $0[0] = byte; return 1 }
    }

    public func append<Bytes: Sequence>(contentsOf bytes: Bytes) where Bytes.Element == UInt8 {
        let copied: Void? = bytes.withContiguousStorageIfAvailable { buffer in
            withSpace(buffer.count) { out in
                if let base = buffer.baseAddress { out.update(from: base, count: buffer.count) }
                return buffer.count
            }
        }
        if copied == nil { for byte in bytes { append(byte) } }
    }

    public func append(_ text: String) {
        var text = text
        text.withUTF8 { append(contentsOf: $0) }
    }

    /// Lets `body` write up to `maxBytes` bytes at the end of the buffer; it returns how many it wrote.
    /// The buffer grows rather than flushes here, so that appending never throws.
    func withSpace(_ maxBytes: Int, _ body: (UnsafeMutablePointer<UInt8>) -> Int) {
        if pendingCount + maxBytes > pendingCapacity {
            let capacity = max(pendingCapacity * 2, pendingCount + maxBytes)
            let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
            grown.update(from: pending, count: pendingCount)
            pending.deallocate()
            pending = grown
            pendingCapacity = capacity
        }
        pendingCount += body(pending + pendingCount)
    }

    /// Hands buffered bytes to the C library once enough have gathered: 1 MiB writes, few system calls.
    public func flushIfLarge() throws {
        if pendingCount >= 1 << 20 { try flush() }
    }

    public func commit() throws {
        try flush()
        guard let file else { return }
        self.file = nil
        guard fclose(file) == 0, rename(temporaryPath, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporaryPath)
            throw TableError(path: path, message: "cannot write: \(reason)")
        }
    }

    private func flush() throws {
        guard let file, pendingCount > 0 else { return }
        guard fwrite(pending, 1, pendingCount, file) == pendingCount else {
            throw TableError(path: path, message: "cannot write: \(String(cString: strerror(errno)))")
        }
        pendingCount = 0
    }
}
