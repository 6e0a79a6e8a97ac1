import CLISupport
import Foundation
import Stages

/// Where launch scripts go and how they are written.
public enum LaunchFiles {
    /// `outputs/<experiment>/launch/<stage>-<fingerprint12>.<suffix>`: beside the stage's run
    /// directories, named by what it launches, so relaunching the same plan rewrites the same file.
    public static func defaultPath(for stage: PlannedStage, suffix: String) -> String {
        let experimentFolder = (stage.runDirectory as NSString).deletingLastPathComponent
        let folder = experimentFolder.isEmpty ? "launch" : experimentFolder + "/launch"
        return folder + "/\(stage.name)-\(stage.fingerprint.prefix(12)).\(suffix)"
    }

    /// Writes `text` so that the file appears complete or not at all (a temporary file renamed
    /// over the destination); creates the folder. Failures are runtime errors (exit 1).
    public static func write(_ text: String, to path: String, executable: Bool = false) throws {
        let folder = (path as NSString).deletingLastPathComponent
        do {
            if !folder.isEmpty { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
            if executable { try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path) }
        } catch {
            throw CommandFailure.runtime("cannot write \(path): \(error.localizedDescription)")
        }
    }

    /// An executable found on PATH, or nil.
    public static func onPath(_ name: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        for folder in (environment["PATH"] ?? "").split(separator: ":") where !folder.isEmpty {
            let candidate = String(folder) + "/" + name
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// The working directory, absolute, for `cd` in a job script.
    public static var workingDirectory: String { FileManager.default.currentDirectoryPath }
}
