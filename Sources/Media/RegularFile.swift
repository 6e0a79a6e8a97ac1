#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why `path` must not be handed to FFmpeg, or nil when it is a regular file (or does not exist:
/// FFmpeg's own "No such file or directory" is the better message then). Opening a FIFO blocks until
/// a writer appears, reading a device such as /dev/zero never ends, and a directory named `x.mp4`
/// is not a video: all three are refused before anything is opened, so no row can stall a run.
func nonRegularFileProblem(_ path: String) -> String? {
    var info = stat()
    guard stat(path, &info) == 0 else { return nil }
    switch info.st_mode & S_IFMT {
    case S_IFREG: return nil
    case S_IFDIR: return "is a directory, not a media file"
    case S_IFIFO: return "is a named pipe (FIFO), not a regular file; reading it could block for ever"
    case S_IFCHR, S_IFBLK: return "is a device, not a regular file"
    case S_IFSOCK: return "is a socket, not a regular file"
    default: return "is not a regular file"
    }
}
