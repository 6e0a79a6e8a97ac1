import Foundation

/// Runs the built `strata-train` as a job: alone, or under `mpirun --oversubscribe -np N` (with
/// `--allow-run-as-root` when root, as on CI containers), with a watchdog that kills a job that
/// hangs, so a deadlock fails the test instead of stalling the suite.
enum MPIJob {
    struct Outcome {
        var status: Int32
        var output: String
        var timedOut: Bool
    }

    /// `mpirun` on PATH, or nil (the MPI tests are then skipped with that message).
    static let mpirun: String? = {
        for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            let path = "\(folder)/mpirun"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }()

    /// `strata-train` from the build folder of this test bundle (swift test builds every product).
    static let trainer: String = {
        let bundleFolder = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        let candidates = [bundleFolder.appendingPathComponent("strata-train").path,
                          bundleFolder.deletingLastPathComponent().appendingPathComponent("strata-train").path,
                          URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../.build/debug/strata-train").standardized.path]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates[0]
    }()

    /// `strata-train ARGUMENTS` on `ranks` ranks (1: a plain process, no MPI), in `folder`.
    static func run(ranks: Int, _ arguments: [String], in folder: String, environment extra: [String: String] = [:],
                    watchdog: TimeInterval = 300) throws -> Outcome {
        let process = Process()
        if ranks == 1 {
            process.executableURL = URL(fileURLWithPath: trainer)
            process.arguments = arguments
        } else {
            process.executableURL = URL(fileURLWithPath: mpirun ?? "mpirun")
            process.arguments = ["--oversubscribe", "-np", "\(ranks)"] + (getuid() == 0 ? ["--allow-run-as-root"] : [])
                + [trainer] + arguments
        }
        var environment = ProcessInfo.processInfo.environment
        environment["STRATA_THREADS"] = "1"
        environment["NO_COLOR"] = "1"
        for (key, value) in extra { environment[key] = value }
        process.environment = environment
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        let log = folder + "/job-\(UUID().uuidString).log"
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        let deadline = Date().addingTimeInterval(watchdog)
        while process.isRunning && Date() < deadline { usleep(50_000) }
        let timedOut = process.isRunning
        if timedOut {
            process.terminate()
            process.waitUntilExit()
        }
        try handle.close()
        let output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        return Outcome(status: process.terminationStatus, output: output, timedOut: timedOut)
    }
}
