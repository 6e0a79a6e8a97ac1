import Foundation
import ProcessFixtures
import Testing

/// The product path a newcomer takes, through the built executables: `strata data demo` →
/// `strata data buckets` → `strata run` of a two-stage experiment (image → stage1, from the
/// shipped configs at tiny sizes) → `strata sample` → an mp4 that ffprobe reads with the frames
/// and size asked for. A second `strata run` reuses both stages.
@Suite(.serialized)
struct DemoChainTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../..").standardized.path

    static let strata = ChildProcess.builtProduct("strata")

    /// Runs `tool arguments` in `folder`, standard output and error together.
    static func run(_ tool: String, _ arguments: [String], in folder: String) throws -> ProcessOutcome {
        try ChildProcess.run(tool, arguments, in: folder, environment: ["STRATA_THREADS": "2"])
    }

    static func experiment(table: String) -> String {
        TinyExperiment.yaml("chain", table: table, model: "text_conditioning: in_context", overlay: """
            transform_scale: 4.0
            ema_decay: 0.9
            epochs: 1
            log_every: 1
            ckpt_every: 0
            num_workers: 2
            """, buckets: [("image", [(1, 4)]), ("stage1", [(1, 4), (5, 2)])])
    }

    @Test func demoDataTrainsThroughTwoStagesAndSamplesAVideo() throws {
        let folder = try TinyExperiment.scratchFolder("chain")
        defer { try? FileManager.default.removeItem(atPath: folder) }

        let demo = try Self.run(Self.strata, ["data", "demo", "data", "--videos", "4", "--images", "4", "--seed", "5"], in: folder)
        #expect(demo.status == 0, "\(demo.output)")
        let table = folder + "/data/meta.csv"
        #expect(FileManager.default.fileExists(atPath: table))

        let buckets = try Self.run(Self.strata, ["data", "buckets", Self.repository + "/configs/train/stage1.yaml",
                                                 "--dataset.data_path", table], in: folder)
        #expect(buckets.status == 0, "\(buckets.output)")

        try Self.experiment(table: table).write(toFile: folder + "/chain.yaml", atomically: true, encoding: .utf8)
        let trained = try Self.run(Self.strata, ["run", "stage1", "-e", "chain.yaml", "*:outputs=runs"], in: folder)
        #expect(trained.status == 0, "\(trained.output)")
        #expect(trained.output.contains("image: completed") && trained.output.contains("stage1: completed"), "\(trained.output)")
        let runs = try FileManager.default.contentsOfDirectory(atPath: folder + "/runs/chain")
        let stage1 = try #require(runs.first { $0.hasPrefix("stage1-") })
        #expect(runs.contains { $0.hasPrefix("image-") })
        #expect(trained.output.contains("loaded"), "stage1 starts from the image stage's weights: \(trained.output)")

        let again = try Self.run(Self.strata, ["run", "stage1", "-e", "chain.yaml", "*:outputs=runs"], in: folder)
        #expect(again.status == 0 && again.output.contains("image: reused") && again.output.contains("stage1: reused"), "\(again.output)")

        let video = folder + "/red.mp4"
        let sampled = try Self.run(Self.strata, ["sample", "runs/chain/" + stage1, "--prompt", "a red circle moves left over a blue background",
                                                 "--num-frames", "5", "--aspect-ratio", "16:9", "--steps", "4", "--output", video], in: folder)
        #expect(sampled.status == 0, "\(sampled.output)")
        let probe = try Self.run("ffprobe", ["-v", "error", "-count_frames", "-select_streams", "v:0", "-show_entries",
                                             "stream=nb_read_frames,width,height", "-of", "csv=p=0", video], in: folder)
        let fields = probe.output.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ",").compactMap { Int($0) }
        #expect(fields.count == 3 && fields[2] == 5, "ffprobe: \(probe.output)")
        #expect(fields.count == 3 && fields[0] > fields[1], "16:9 is wider than tall: \(probe.output)")
        #expect(FileManager.default.fileExists(atPath: folder + "/red.png"))

        // Sizes the model never saw: refused before anything is allocated, or warned about.
        let unseen = try Self.run(Self.strata, ["sample", "runs/chain/" + stage1, "--prompt", "a red circle", "--resolution", "256px"], in: folder)
        #expect(unseen.status == 2 && unseen.output.contains("the model was trained at 32px, not 256px (--force samples it anyway)"), "\(unseen.output)")
        let huge = try Self.run(Self.strata, ["sample", "runs/chain/" + stage1, "--prompt", "a red circle", "--resolution", "2048px", "--force"], in: folder)
        #expect(huge.status == 2 && huge.output.contains("of memory; this machine has"), "\(huge.output)")
        let long = try Self.run(Self.strata, ["sample", "runs/chain/" + stage1, "--prompt", "a red circle", "--num-frames", "9", "--steps", "1",
                                              "--output", folder + "/long.mp4"], in: folder)
        #expect(long.status == 0 && long.output.contains("9 frames: the model was trained on at most 5"), "\(long.output)")
    }
}
