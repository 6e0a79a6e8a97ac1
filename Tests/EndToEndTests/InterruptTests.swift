import Foundation
import ProcessFixtures
import Testing

/// Ctrl-C and SIGTERM end a training run with a record that says so, and the same command
/// continues it.
@Suite(.serialized)
struct InterruptTests {
    static func experiment(table: String) -> String {
        TinyExperiment.yaml("stop", table: table, overlay: """
            epochs: 400
            log_every: 1
            ckpt_every: 5
            """, buckets: [("image", [(1, 2)])])
    }

    @Test(arguments: [SIGINT, SIGTERM])
    func aSignalRecordsTheRunAsInterrupted(signal: Int32) throws {
        let folder = try TinyExperiment.scratchFolder("interrupt")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let strata = ChildProcess.builtProduct("strata")
        let demo = try ChildProcess.run(strata, ["data", "demo", "data", "--videos", "2", "--images", "4", "--seed", "3"], in: folder)
        #expect(demo.status == 0, "\(demo.output)")
        try Self.experiment(table: folder + "/data/meta.csv").write(toFile: folder + "/stop.yaml", atomically: true, encoding: .utf8)

        let log = folder + "/run.log"
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: strata)
        process.arguments = ["run", "image", "-e", "stop.yaml"]
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        process.environment = ProcessInfo.processInfo.environment.merging(["STRATA_THREADS": "1"]) { _, new in new }
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        // Wait until it trains (a step was logged), then signal it.
        let deadline = Date().addingTimeInterval(120)
        while process.isRunning, Date() < deadline,
              !((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").contains("step 2/") { usleep(50_000) }
        kill(process.processIdentifier, signal)
        process.waitUntilExit()
        try handle.close()
        let output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        #expect(process.terminationStatus == 128 + signal, "\(output)")
        #expect(output.contains("the same `strata run` continues it from its latest checkpoint"), "\(output)")

        let runs = try FileManager.default.contentsOfDirectory(atPath: folder + "/outputs/stop")
        let run = try #require(runs.first { $0.hasPrefix("image-") })
        let record = try String(contentsOfFile: folder + "/outputs/stop/\(run)/run.yaml", encoding: .utf8)
        #expect(record.contains("status: interrupted"), "\(record.prefix(600))")
        #expect(!record.contains("ended: null"))

        let plan = try ChildProcess.run(strata, ["plan", "image", "-e", "stop.yaml"], in: folder)
        #expect(plan.output.contains("was interrupted at"), "\(plan.output)")
    }
}
