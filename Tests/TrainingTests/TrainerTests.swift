import ConfigLang
import DataPrep
import Foundation
import ProcessFixtures
import Stages
import Tensor
import Testing
@testable import Training

/// The whole trainer on a small generated dataset: the loss falls, checkpoints are Open-Sora's
/// layout, and a run killed after a checkpoint and resumed logs the same losses and ends with the
/// same weights, bit for bit, as the uninterrupted run.
@Suite(.serialized)
struct TrainerTests {
    static let folder: String = {
        let path = NSTemporaryDirectory() + "strata-trainer-\(getpid())"
        try? FileManager.default.removeItem(atPath: path)
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }()

    static let table: String = {
        let data = folder + "/data"
        return (try? generateDemoDataset(folder: data, options: DemoOptions(videos: 6, images: 6, seed: 3, workers: 2)).table) ?? ""
    }()

    static func config(epochs: Int, lr: Double = 2e-3, ckptEvery: Int = 2) -> String {
        """
        stage: tiny
        dataset: {type: video_text, data_path: "\(table)", transform_name: resize_crop, fps_max: 24}
        bucket_config:
          32px:
            1: !!python/tuple [1.0, 3]
            5: !!python/tuple [1.0, 2]
        ae_spatial_compression: 8
        model: {type: dit, in_channels: 3, patch_size: !!python/tuple [1, 4, 4], hidden_size: 16, depth: 1, num_heads: 2}
        text_encoder: {type: hashed_text, dim: 16, max_length: 8}
        ae: {type: identity}
        optim: {cls: HybridAdam, lr: \(lr), eps: 1.0e-15, weight_decay: 0.0, adamw_mode: true}
        ema_decay: 0.9
        dropout_ratio: {text: 0.2}
        epochs: \(epochs)
        seed: 7
        log_every: 1
        ckpt_every: \(ckptEvery)
        keep_n_latest: 0
        num_workers: 2
        """
    }

    static func job(_ name: String, yaml: String, resume: ResumeRequest = .fresh) throws -> StageJob {
        let configPath = folder + "/\(name).yaml"
        try yaml.write(toFile: configPath, atomically: true, encoding: .utf8)
        let root = try SchemaValidator().validateStage(ConfigLoader().load(configPath).root)
        let runDirectory = folder + "/runs/\(name)"
        try FileManager.default.createDirectory(atPath: runDirectory, withIntermediateDirectories: true)
        return StageJob(experiment: "test", stage: "tiny", config: root, runDirectory: runDirectory, initWeights: nil,
                        seed: 7, resume: resume, fingerprint: "tiny")
    }

    static func losses(_ job: StageJob) throws -> [Double] {
        try MetricsLog.read(job.runDirectory + "/metrics.jsonl").map(\.loss)
    }

    static func bytes(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }

    @Test func resumingAfterACheckpointReproducesTheUninterruptedRun() throws {
        #expect(!Self.table.isEmpty)
        let whole = try Self.job("whole", yaml: Self.config(epochs: 2))
        _ = try DitTrainer().train(whole, reporter: SilentReporter())
        let wholeLosses = try Self.losses(whole)
        #expect(wholeLosses.count >= 4)

        let broken = try Self.job("broken", yaml: Self.config(epochs: 2))
        #expect(throws: TrainingError.self) {
            _ = try DitTrainer(interruptAfterUpdate: 2).train(broken, reporter: SilentReporter())
        }
        #expect(try CheckpointStore(runDirectory: broken.runDirectory).latest()?.step == 2)
        #expect(!FileManager.default.fileExists(atPath: broken.runDirectory + "/final"))
        var resumed = broken
        resumed.resume = .continueInRunDirectory
        _ = try DitTrainer().train(resumed, reporter: SilentReporter())

        #expect(try Self.losses(resumed) == wholeLosses)

        // `--load DIR` into another run directory continues the same way.
        let saved = try #require(try CheckpointStore(runDirectory: broken.runDirectory).list().first)
        var loaded = try Self.job("loaded", yaml: Self.config(epochs: 2))
        loaded.resume = .load(checkpoint: broken.runDirectory + "/" + saved.folderName, startEpoch: nil, startStep: nil)
        _ = try DitTrainer().train(loaded, reporter: SilentReporter())
        #expect(try Self.losses(loaded) == Array(wholeLosses.dropFirst(saved.step)))
        #expect(try Self.bytes(whole.runDirectory + "/final/model.safetensors") == Self.bytes(loaded.runDirectory + "/final/model.safetensors"))
        for file in ["final/model.safetensors", "final/ema.safetensors"] {
            #expect(try Self.bytes(whole.runDirectory + "/" + file) == Self.bytes(resumed.runDirectory + "/" + file), "\(file)")
        }
        let checkpoint = try CheckpointStore(runDirectory: whole.runDirectory).latest()
        let folder = whole.runDirectory + "/" + (checkpoint?.folderName ?? "-")
        for entry in ["model.safetensors", "optimizer.safetensors", "ema.safetensors", "running_states.json", "sampler.json"] {
            #expect(FileManager.default.fileExists(atPath: folder + "/" + entry), "\(entry)")
        }
        #expect(FileManager.default.fileExists(atPath: whole.runDirectory + "/loss.svg"))
    }

    /// Measured: 90 optimizer steps take the mean of the first five logged losses from 1.42 to
    /// 1.00 for the last five (ratio 0.70); the check asks for 0.8.
    @Test func theLossFallsOnTheDemoData() throws {
        let run = try Self.job("learning", yaml: Self.config(epochs: 30, lr: 1e-2, ckptEvery: 0))
        _ = try DitTrainer().train(run, reporter: SilentReporter())
        let losses = try Self.losses(run)
        let first = losses.prefix(5).reduce(0, +) / 5
        let last = losses.suffix(5).reduce(0, +) / 5
        #expect(last < 0.8 * first, "first \(first), last \(last): \(losses)")
    }

    @Test func aChildStageStartsFromItsParentsWeights() throws {
        let parent = try Self.job("parent", yaml: Self.config(epochs: 1, ckptEvery: 0))
        let result = try DitTrainer().train(parent, reporter: SilentReporter())
        var child = try Self.job("child", yaml: Self.config(epochs: 1, ckptEvery: 0))
        child.initWeights = parent.runDirectory + "/" + result.finalWeights
        let reporter = CollectingReporter()
        _ = try DitTrainer().train(child, reporter: reporter)
        #expect(reporter.lines.contains { $0.contains("loaded") && $0.contains(parent.runDirectory) })
    }
}

extension TrainerTests {
    /// A one-epoch run named `name`, trained and loaded back as `strata sample` loads it.
    static func trainedForSampling(_ name: String) throws -> (run: StageJob, trained: TrainedModel) {
        let run = try job(name, yaml: config(epochs: 1, ckptEvery: 0))
        let result = try DitTrainer().train(run, reporter: SilentReporter())
        let settings = try TrainingSettings(config: run.config)
        var model = DiT(try ModelFactory.ditConfiguration(settings, config: run.config), seed: 0)
        let file = run.runDirectory + "/" + result.finalWeights
        #expect(WeightsLoading.load(try SafetensorsFile.read(file), into: &model, source: file).isExact)
        return (run, TrainedModel(runDirectory: run.runDirectory, weightsFile: file, settings: settings, model: model))
    }

    @Test func samplingWritesAVideoWithTheRequestedFramesAndSize() throws {
        let (run, trained) = try Self.trainedForSampling("sampled")
        let output = run.runDirectory + "/samples/red.mp4"
        let written = try VideoSampling.sample(trained, options: SamplingOptions(
            prompt: "a red circle", numFrames: 5, resolution: "32px", aspectRatio: "16:9", steps: 3, seed: 1, output: output))
        #expect(written.frames == 5)
        let probe = try Shell.output("ffprobe", ["-v", "error", "-count_frames", "-select_streams", "v:0",
            "-show_entries", "stream=nb_read_frames,width,height", "-of", "csv=p=0", output])
        #expect(probe.trimmingCharacters(in: .whitespacesAndNewlines) == "\(written.width),\(written.height),5")
        #expect(written.width > written.height)
        #expect(FileManager.default.fileExists(atPath: run.runDirectory + "/samples/red.png"))
    }

    /// `strata sample --transform-scale`: the run's own scale is the default; another one moves
    /// the sampling grid and so changes the sample.
    @Test func theSamplingShiftDefaultsToTheRunsAndCanBeSetApart() throws {
        let (run, trained) = try Self.trainedForSampling("shifted")
        func sheet(_ scale: Double?, _ name: String) throws -> Data {
            let written = try VideoSampling.sample(trained, options: SamplingOptions(
                prompt: "a red circle", numFrames: 3, resolution: "32px", steps: 4, seed: 1, transformScale: scale,
                output: run.runDirectory + "/samples/\(name).mp4"))
            return try Data(contentsOf: URL(fileURLWithPath: written.contactSheet))
        }
        let own = try sheet(nil, "own")
        #expect(try sheet(trained.settings.flow.shiftScale, "same") == own)
        #expect(try sheet(trained.settings.flow.shiftScale * 8, "steeper") != own)
    }

    /// `strata sample --guidance-interval`: an interval that holds no step's time samples as if
    /// without guidance (the caption's branch alone); a malformed one is a usage error that says
    /// what is expected.
    @Test func theGuidanceIntervalReachesTheSamplerAndIsChecked() throws {
        let (run, trained) = try Self.trainedForSampling("interval")
        func sheet(_ guidance: Double, _ interval: ClosedRange<Double>, _ name: String) throws -> Data {
            let written = try VideoSampling.sample(trained, options: SamplingOptions(
                prompt: "a red circle", numFrames: 3, resolution: "32px", steps: 4, guidance: guidance,
                guidanceInterval: interval, seed: 1, output: run.runDirectory + "/samples/\(name).mp4"))
            return try Data(contentsOf: URL(fileURLWithPath: written.contactSheet))
        }
        let unguided = try sheet(1, 0...1, "unguided")
        #expect(try sheet(50, 0...1, "guided") != unguided)
        #expect(try sheet(50, 0...0.0001, "no-step") == unguided)  // every step starts at t > 0
        for bad in ["0.9", "1,0.5", "0.5,1.5", "a,b", "0.2,0.4,1"] {
            let refused = try TrainerProcess.run(["sample", run.runDirectory, "--prompt", "x", "--guidance-interval", bad])
            #expect(refused.status == 2, "\(bad): \(refused.output)")
            #expect(refused.output.contains("--guidance-interval must be two times lo,hi with 0 ≤ lo < hi ≤ 1"), "\(refused.output)")
        }
    }
}

enum Shell {
    /// What `tool arguments` printed (standard output and error).
    static func output(_ tool: String, _ arguments: [String]) throws -> String {
        try ChildProcess.run(tool, arguments).output
    }
}

final class CollectingReporter: StageReporter, @unchecked Sendable {
    private let lock = NSLock()
    private var collected: [String] = []
    var lines: [String] { lock.withLock { collected } }
    func message(_ text: String) { lock.withLock { collected.append(text) } }
    func progress(stage: String, step: Int, total: Int?, metrics: [String: Double]) {}
}

extension TrainerTests {
    /// The x₀ prediction with hidden patches and frames learns. Its velocity loss weighs x₀'s
    /// error by 1/t², so single steps near t = 0 spike (one of 90 steps read 24 against a median
    /// of 0.89): the check compares medians. Measured: the median of the first 15 logged losses is
    /// 1.18, of the last 15 0.73 (ratio 0.62); the check asks for 0.8.
    @Test func anX0ModelWithHiddenPatchesLearns() throws {
        let run = try Self.job("masked", yaml: Self.config(epochs: 30, lr: 1e-2, ckptEvery: 0)
                                + "\nprediction: x0\npatch_mask_ratio: 0.25\nframe_mask_ratio: 0.3\n")
        _ = try DitTrainer().train(run, reporter: SilentReporter())
        let losses = try Self.losses(run)
        func median(_ values: ArraySlice<Double>) -> Double { values.sorted()[values.count / 2] }
        let (first, last) = (median(losses.prefix(15)), median(losses.suffix(15)))
        #expect(last < 0.8 * first, "first \(first), last \(last): \(losses)")
    }

    /// Settings that need the clean-latent model are refused by the stage schema at their key, so
    /// `plan` says it before anything runs: (run name, line added, the key, what it needs).
    @Test(arguments: [
        ("masked-velocity", "frame_mask_ratio: 0.25", "frame_mask_ratio", "prediction: x0"),
        ("floored-velocity", "loss_weight_floor: 0.04", "loss_weight_floor", "loss_weighting: x0"),
    ])
    func settingsThatNeedTheCleanLatentAreRefusedAtTheirKey(name: String, line: String, key: String, needs: String) throws {
        do {
            _ = try Self.job(name, yaml: Self.config(epochs: 1) + "\n\(line)\n")
            Issue.record("\(line) was accepted on a velocity model")
        } catch {
            let text = "\(error)"
            #expect(text.contains("\(name).yaml:") && text.contains(key) && text.contains(needs), "\(text)")
        }
    }
}
