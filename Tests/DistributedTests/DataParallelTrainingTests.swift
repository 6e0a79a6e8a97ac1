import DataPrep
import DataTable
import Foundation
import Tensor
import Testing
@testable import Training

/// `strata-train run` under `mpirun -np 2` on a tiny dit: the data-parallel job trains what one
/// process trains on the same global batch, is deterministic, resumes bit for bit, refuses another
/// world size, and a failing rank ends the whole job with its message and the last checkpoint intact.
///
/// The data is one bucket (square videos, 5 frames at 32px) with 8 samples, so that 2 ranks ×
/// batch 2 and 1 rank × batch 4 see the same samples at every step (Open-Sora's sampler pairs
/// accesses differently as soon as there are several buckets).
@Suite(.serialized, .enabled(if: MPIJob.mpirun != nil, "mpirun not found on PATH: the data-parallel tests are skipped (install openmpi-bin)"))
struct DataParallelTrainingTests {
    static let folder: String = {
        let path = NSTemporaryDirectory() + "strata-mpi-\(getpid())"
        try? FileManager.default.removeItem(atPath: path)
        try? FileManager.default.createDirectory(atPath: path + "/configs2", withIntermediateDirectories: true)
        try? FileManager.default.createDirectory(atPath: path + "/configs4", withIntermediateDirectories: true)
        return path
    }()

    /// 8 square videos of the demo data, in a table beside the demo's own (its paths stay valid).
    static let table: String = {
        let data = folder + "/data"
        guard let summary = try? generateDemoDataset(folder: data, options: DemoOptions(videos: 24, images: 0, seed: 3, workers: 2)),
              let reader = try? CSVReader(path: summary.table), let header = try? reader.next(),
              let height = header.firstIndex(of: "height"), let width = header.firstIndex(of: "width") else { return "" }
        let path = data + "/square.csv"
        guard let writer = try? CSVWriter(path: path) else { return "" }
        try? writer.write(header)
        var kept = 0
        while kept < 8, let row = try? reader.next() {
            if row[height] == row[width] {
                try? writer.write(row)
                kept += 1
            }
        }
        try? writer.commit()
        return kept == 8 ? path : ""
    }()

    static func config(batch: Int) -> String {
        """
        stage: tiny
        outputs: "\(folder)/outputs"
        dataset: {type: video_text, data_path: "\(table)", transform_name: resize_crop, fps_max: 24}
        bucket_config:
          32px:
            5: !!python/tuple [1.0, \(batch)]
        ae_spatial_compression: 8
        model: {type: dit, in_channels: 3, patch_size: !!python/tuple [1, 4, 4], hidden_size: 16, depth: 1, num_heads: 2}
        text_encoder: {type: hashed_text, dim: 16, max_length: 8}
        ae: {type: identity}
        optim: {cls: HybridAdam, lr: 2.0e-3, eps: 1.0e-15, weight_decay: 0.0, adamw_mode: true}
        ema_decay: 0.9
        dropout_ratio: {text: 0.2}
        epochs: 3
        seed: 7
        log_every: 1
        ckpt_every: 2
        keep_n_latest: 0
        num_workers: 2
        """
    }

    /// An experiment `name` whose one stage `tiny` has batch `batch` per rank; returns its file.
    static func experiment(_ name: String, batch: Int) throws -> String {
        let configs = folder + "/configs\(batch)"
        try config(batch: batch).write(toFile: configs + "/tiny.yaml", atomically: true, encoding: .utf8)
        let path = folder + "/\(name).yaml"
        try "experiment: \(name)\nconfigs: configs\(batch)\nstages:\n  tiny:\n".write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func runDirectory(_ experiment: String) throws -> String {
        let parent = folder + "/outputs/" + experiment
        let names = try FileManager.default.contentsOfDirectory(atPath: parent).filter { $0.hasPrefix("tiny-") }
        return parent + "/" + (try #require(names.first))
    }

    static func train(_ name: String, ranks: Int, batch: Int, environment: [String: String] = [:],
                      extra: [String] = []) throws -> MPIJob.Outcome {
        #expect(!table.isEmpty, "the one-bucket table was not made")
        return try MPIJob.run(ranks: ranks, ["run", "tiny", "-e", try experiment(name, batch: batch)] + extra,
                              in: folder, environment: environment)
    }

    static func losses(_ experiment: String) throws -> [Double] {
        try MetricsLog.read(try runDirectory(experiment) + "/metrics.jsonl").map(\.loss)
    }

    static func bytes(_ experiment: String, _ file: String) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: try runDirectory(experiment) + "/" + file))
    }

    /// The uninterrupted 2-rank run the other tests compare with (run once).
    static let reference: Result<MPIJob.Outcome, any Error> = Result { try train("two", ranks: 2, batch: 2) }

    static func requireReference() throws {
        let outcome = try reference.get()
        #expect(outcome.status == 0 && !outcome.timedOut, "\(outcome.output)")
    }

    /// Measured: every weight of the 2 × 2 run is within 9.8e-7 of the 1 × 4 run, relative to its
    /// tensor's largest magnitude (losses within 3e-9 relative): the only difference is the order
    /// of the batch sums. The check allows 1e-5. Excluded: the key bias (the middle third of
    /// `attn.qkv.bias`), whose exact gradient is zero (softmax ignores a shift shared by all
    /// keys), so its computed gradient is pure rounding noise, which Adam with eps 1e-15 turns
    /// into full-size steps in either run.
    @Test func twoRanksTrainWhatOneRankTrainsOnTheSameGlobalBatch() throws {
        try Self.requireReference()
        let single = try Self.train("one", ranks: 1, batch: 4)
        #expect(single.status == 0, "\(single.output)")
        let two = try SafetensorsFile.read(try Self.runDirectory("two") + "/final/model.safetensors")
        let one = try SafetensorsFile.read(try Self.runDirectory("one") + "/final/model.safetensors")
        #expect(Set(two.tensors.keys) == Set(one.tensors.keys))
        for (name, tensor) in one.tensors {
            var expected = tensor.data
            var actual = try #require(two.tensors[name]).data
            if name.hasSuffix("attn.qkv.bias") {
                let third = expected.count / 3
                expected.removeSubrange(third..<(2 * third))
                actual.removeSubrange(third..<(2 * third))
            }
            let scale = max(expected.map { abs($0) }.max() ?? 0, 1e-12)
            let worst = zip(expected, actual).map { abs($0 - $1) }.max() ?? 0
            #expect(worst / scale < 1e-5, "\(name): \(worst / scale)")
        }
        let oneLosses = try Self.losses("one")
        let twoLosses = try Self.losses("two")
        #expect(oneLosses.count == 6 && twoLosses.count == 6)
        for (a, b) in zip(oneLosses, twoLosses) { #expect(abs(a - b) <= 1e-6 * abs(a), "\(a) vs \(b)") }
    }

    @Test func twoRankRunsAreBitwiseIdentical() throws {
        try Self.requireReference()
        let again = try Self.train("twoAgain", ranks: 2, batch: 2)
        #expect(again.status == 0, "\(again.output)")
        for file in ["final/model.safetensors", "final/ema.safetensors", "epoch1-global_step4/optimizer.safetensors"] {
            #expect(try Self.bytes("two", file) == Self.bytes("twoAgain", file), "\(file)")
        }
        #expect(try Self.losses("two") == Self.losses("twoAgain"))
        let record = try String(contentsOfFile: try Self.runDirectory("two") + "/run.yaml", encoding: .utf8)
        #expect(record.contains("world_size: 2"))
    }

    /// Rank 1 throws at optimizer step 3 (after step 2's checkpoint): the whole job ends with
    /// rank 1's message (the watchdog would report a hang), the checkpoint is complete, and the
    /// same command then continues to exactly the uninterrupted run's weights and losses.
    @Test func aFailingRankEndsTheJobAndTheRunResumesBitForBit() throws {
        try Self.requireReference()
        let failed = try Self.train("broken", ranks: 2, batch: 2, environment: [RankFailureInjection.variable: "1:3"])
        #expect(!failed.timedOut, "the job hung after rank 1 failed")
        #expect(failed.status != 0)
        #expect(failed.output.contains("strata: rank 1 of 2 failed"), "\(failed.output)")
        #expect(failed.output.contains("rank 1 failed at optimizer step 3"), "\(failed.output)")
        let directory = try Self.runDirectory("broken")
        let store = CheckpointStore(runDirectory: directory)
        let latest = try #require(try store.latest())
        #expect(latest.step == 2)
        #expect(try store.load(latest).runningStates.worldSize == 2)
        #expect(!FileManager.default.fileExists(atPath: directory + "/final"))
        let record = try String(contentsOfFile: directory + "/run.yaml", encoding: .utf8)
        #expect(record.contains("status: failed") && record.contains("rank 1 failed at optimizer step 3"), "\(record)")

        let resumed = try Self.train("broken", ranks: 2, batch: 2)
        #expect(resumed.status == 0, "\(resumed.output)")
        #expect(resumed.output.contains("resuming from epoch0-global_step2"), "\(resumed.output)")
        for file in ["final/model.safetensors", "final/ema.safetensors"] {
            #expect(try Self.bytes("two", file) == Self.bytes("broken", file), "\(file)")
        }
        #expect(try Self.losses("two") == Self.losses("broken"))
    }

    @Test func anotherWorldSizeRefusesToResume() throws {
        try Self.requireReference()
        let checkpoint = try Self.runDirectory("two") + "/epoch0-global_step2"
        let single = try Self.train("mismatch", ranks: 1, batch: 2, extra: ["--load", checkpoint])
        #expect(single.status == 2, "\(single.output)")
        #expect(single.output.contains("written by a data-parallel job of 2 rank(s), this job has 1"), "\(single.output)")
        #expect(single.output.contains(checkpoint + "/running_states.json:"), "\(single.output)")
    }
}
