#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A failure to read or write a file, naming the file.
public struct FileError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var message: String

    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { "\(path): \(message)" }
}

/// The text of the last C library error, for messages.
func systemErrorText() -> String { String(cString: strerror(errno)) }

/// Writes `bytes` to `path` so that the file either keeps its old content or has all of the new one:
/// the bytes go to a hidden temporary file in the same folder, which is flushed to disk (fsync) and
/// renamed over `path`; the folder is then synced so the rename itself survives a power cut.
public func writeFileAtomically(_ bytes: [UInt8], to path: String) throws {
    let folder = folderPart(of: path)
    let name = path.split(separator: "/").last.map(String.init) ?? path
    let temporary = "\(folder)/.\(name).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp"
    let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    guard descriptor >= 0 else {
        throw FileError(path: path, message: "cannot write in \(folder): \(systemErrorText())")
    }
    var written = 0
    var failure: String?
    bytes.withUnsafeBytes { raw in
        while written < raw.count {
            let result = write(descriptor, raw.baseAddress! + written, raw.count - written)
            if result < 0 {
                if errno == EINTR { continue }
                failure = systemErrorText()
                return
            }
            written += result
        }
    }
    if failure == nil, fsync(descriptor) != 0 { failure = systemErrorText() }
    if close(descriptor) != 0, failure == nil { failure = systemErrorText() }
    if failure == nil, rename(temporary, path) != 0 { failure = systemErrorText() }
    if let failure {
        unlink(temporary)
        throw FileError(path: path, message: "cannot write: \(failure)")
    }
    syncFolder(folder)
}

/// Flushes a folder's entries (new names, renames) to disk. Best effort: some file systems refuse
/// to open or sync folders, and the data files themselves are already synced.
public func syncFolder(_ folder: String) {
    let descriptor = open(folder, O_RDONLY)
    guard descriptor >= 0 else { return }
    _ = fsync(descriptor)
    close(descriptor)
}

/// Reads a whole file.
public func readWholeFile(_ path: String) throws -> [UInt8] {
    guard let file = fopen(path, "rb") else {
        throw FileError(path: path, message: "cannot read: \(systemErrorText())")
    }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 20)
    while true {
        let count = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
        if count > 0 { bytes.append(contentsOf: chunk[0..<count]) }
        if count < chunk.count {
            if ferror(file) != 0 { throw FileError(path: path, message: "cannot read: \(systemErrorText())") }
            return bytes
        }
    }
}

/// The folder part of a path ("." for a bare name).
func folderPart(of path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "." }
    return slash == path.startIndex ? "/" : String(path[..<slash])
}
