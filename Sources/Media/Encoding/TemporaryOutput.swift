#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The name an output is written under until it is complete: a hidden file in the destination's
/// folder (so the final `rename` is atomic, never a cross-device copy). Readers never see a
/// half-written video, and a failed write leaves whatever was at the destination before.
struct TemporaryOutput {
    let path: String
    let temporaryPath: String

    init(path: String) {
        self.path = path
        let slash = path.lastIndex(of: "/")
        let folder = slash.map { String(path[..<$0]) } ?? "."
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        temporaryPath = "\(folder.isEmpty ? "/" : folder)/.\(name).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).partial"
    }

    /// Moves the finished file into place.
    func commit() throws {
        guard rename(temporaryPath, path) == 0 else {
            let reason = String(cString: strerror(errno))
            discard()
            throw EncodeError(.output, path: path, message: "cannot move the finished file into place: \(reason)")
        }
    }

    func discard() {
        unlink(temporaryPath)
    }
}

/// The C library's text for the current `errno`.
func systemErrorText() -> String { String(cString: strerror(errno)) }
