import Foundation

/// What a finished child process left: its exit status and its standard output and error together.
public struct ProcessOutcome: Sendable {
    public var status: Int32
    public var output: String
    /// The watchdog killed it.
    public var timedOut: Bool
}

/// Runs tools and the products `swift test` built, for tests that drive executables.
public enum ChildProcess {
    /// The built product `name` (`strata`, `strata-train`, …) beside this test bundle, where
    /// `swift test` puts every product; falls back to `.build/debug/NAME` of the repository.
    public static func builtProduct(_ name: String) -> String {
        let bundleFolder = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..")
        let candidates = [bundleFolder.appendingPathComponent(name).path,
                          bundleFolder.deletingLastPathComponent().appendingPathComponent(name).path,
                          repository.appendingPathComponent(".build/debug/\(name)").standardized.path]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates[0]
    }

    /// `tool` on PATH, or nil.
    public static func onPath(_ tool: String) -> String? {
        (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
            .map { "\($0)/\(tool)" }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Runs `executable` (an absolute path, or a tool looked up on PATH) with `arguments` in
    /// `folder`, with `environment` added to this process's. Output goes through a file, so a
    /// chatty child never blocks on a full pipe; after `watchdog` seconds the child is killed
    /// (a hang then fails the test instead of stalling the suite).
    public static func run(_ executable: String, _ arguments: [String], in folder: String? = nil,
                           environment extra: [String: String] = [:], watchdog: TimeInterval = 600) throws -> ProcessOutcome {
        let process = Process()
        if executable.hasPrefix("/") {
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
        } else {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [executable] + arguments
        }
        process.environment = ProcessInfo.processInfo.environment.merging(extra) { _, new in new }
        if let folder { process.currentDirectoryURL = URL(fileURLWithPath: folder) }
        let log = NSTemporaryDirectory() + "strata-child-\(UUID().uuidString).log"
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        defer { try? FileManager.default.removeItem(atPath: log) }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        let deadline = Date().addingTimeInterval(watchdog)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        let timedOut = process.isRunning
        if timedOut { process.terminate() }
        process.waitUntilExit()
        try handle.close()
        let output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        return ProcessOutcome(status: process.terminationStatus, output: output, timedOut: timedOut)
    }
}
