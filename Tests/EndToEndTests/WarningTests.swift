import Foundation
import ProcessFixtures
import Testing

/// A warning that holds in every epoch is said once, with a count at the end of the run; a chain
/// whose stages are all done says one line per stage; -q says only the results.
@Suite(.serialized)
struct WarningTests {
    static func experiment(table: String) -> String {
        TinyExperiment.yaml("warned", table: table, model: "text_conditioning: in_context", overlay: """
            transform_scale: 4.0
            epochs: 4
            log_every: 1
            ckpt_every: 0
            num_workers: 1
            """, buckets: [("image", [(1, 2), (5, 64)])])
    }

    @Test func aWarningOfEveryEpochIsSaidOnceAndCounted() throws {
        let folder = try TinyExperiment.scratchFolder("warned")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let demo = try DemoChainTests.run(DemoChainTests.strata, ["data", "demo", "data", "--videos", "3", "--images", "2", "--seed", "3"], in: folder)
        #expect(demo.status == 0, "\(demo.output)")
        try Self.experiment(table: folder + "/data/meta.csv").write(toFile: folder + "/warned.yaml", atomically: true, encoding: .utf8)

        let trained = try DemoChainTests.run(DemoChainTests.strata, ["run", "image", "-e", "warned.yaml", "*:outputs=runs"], in: folder)
        #expect(trained.status == 0, "\(trained.output)")
        let lines = trained.output.components(separatedBy: "\n")
        let said = lines.filter { $0.hasPrefix("warning: image: bucket (32px, 5,") }
        #expect(!said.isEmpty && Set(said).count == said.count, "each warning said once, not once per epoch: \(trained.output)")
        #expect(said.allSatisfy { $0.hasSuffix("(epoch 0; repeats are counted, not printed)") }, "\(trained.output)")
        let summary = lines.drop { !$0.hasPrefix("warning summary:") }
        #expect(summary.contains { $0.contains("bucket (32px, 5,") && $0.hasSuffix("in every epoch (4 of 4)") }, "\(trained.output)")

        // All done: one line per stage, nothing else.
        let again = try DemoChainTests.run(DemoChainTests.strata, ["run", "image", "-e", "warned.yaml", "*:outputs=runs"], in: folder)
        let againLines = again.output.split(separator: "\n")
        #expect(again.status == 0 && againLines.count == 1 && againLines[0].hasPrefix("image: reused "), "\(again.output)")

        // -q: the result lines only.
        let quiet = try DemoChainTests.run(DemoChainTests.strata, ["run", "image", "-e", "warned.yaml", "*:outputs=quiet-runs", "-q"], in: folder)
        let quietLines = quiet.output.split(separator: "\n")
        #expect(quiet.status == 0 && quietLines.count == 1 && quietLines[0].hasPrefix("image: completed "), "\(quiet.output)")
    }
}
