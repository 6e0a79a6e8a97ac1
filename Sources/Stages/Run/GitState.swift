import Foundation

/// The commit of the working tree and whether it has uncommitted changes; nil when git or the
/// repository is not there.
public struct GitState: Sendable, Equatable {
    public var commit: String?
    public var dirty: Bool?

    public init(commit: String?, dirty: Bool?) {
        self.commit = commit
        self.dirty = dirty
    }

    /// Asks git about the current directory.
    public static func current() -> GitState {
        guard let commit = git(["rev-parse", "HEAD"])?.trimmingCharacters(in: .whitespacesAndNewlines), !commit.isEmpty else {
            return GitState(commit: nil, dirty: nil)
        }
        let status = git(["status", "--porcelain", "--untracked-files=no"])
        return GitState(commit: commit, dirty: status.map { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty })
    }

    private static func git(_ arguments: [String]) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git"] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return String(decoding: data, as: UTF8.self)
    }
}
