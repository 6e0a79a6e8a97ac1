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
    private var pending: [UInt8] = []

    public init(path: String) throws {
        self.path = path
        let folder = parentFolder(of: path)
        let name = path.split(separator: "/").last.map(String.init) ?? path
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

    public func append(_ byte: UInt8) { pending.append(byte) }

    public func append<Bytes: Sequence>(contentsOf bytes: Bytes) where Bytes.Element == UInt8 {
        pending.append(contentsOf: bytes)
    }

    public func append(_ text: String) { pending.append(contentsOf: text.utf8) }

    /// Hands buffered bytes to the C library once enough have gathered.
    public func flushIfLarge() throws {
        if pending.count >= 1 << 16 { try flush() }
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
        guard let file, !pending.isEmpty else { return }
        let written = pending.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
        guard written == pending.count else {
            throw TableError(path: path, message: "cannot write: \(String(cString: strerror(errno)))")
        }
        pending.removeAll(keepingCapacity: true)
    }
}
