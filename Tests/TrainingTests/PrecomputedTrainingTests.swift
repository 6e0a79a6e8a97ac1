import ConfigLang
import DataPrep
import DataTable
import Foundation
import Stages
import Tensor
import Testing
@testable import Training

/// Training on precomputed latents and text embeddings (Open-Sora's cached mode). The strong check
/// is differential: latent files holding the identity autoencoder's encoding of exactly the clips
/// the loader decodes in epoch 0, and embedding files holding the hashed encoding of their
/// captions, train to the same losses, bit for bit, as the run that decodes and hashes. The
/// precomputed tables point their `path` cells at files that do not exist, so those runs can only
/// pass if no video is opened.
@Suite(.serialized)
struct PrecomputedTrainingTests {
    static let folder: String = {
        let path = NSTemporaryDirectory() + "strata-precomputed-\(getpid())"
        try? FileManager.default.removeItem(atPath: path)
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }()

    static let table: String = {
        (try? generateDemoDataset(folder: folder + "/data", options: DemoOptions(videos: 6, images: 6, seed: 5, workers: 2)).table) ?? ""
    }()

    static let identityAE = "{type: identity, space_to_depth: 2}"
    static let hashedText = "{type: hashed_text, dim: 16, max_length: 8}"
    static let precomputedAE = "{type: precomputed, column: latent, spatial_compression: 2}"
    static var precomputedText: String {
        "{type: precomputed, column: text_embedding, dim: 16, max_length: 8, null_path: \"\(folder)/data/cached/null.safetensors\"}"
    }

    static func config(data: String, ae: String, text: String, epochs: Int = 1, lr: Double = 2e-3) -> String {
        """
        stage: tiny
        dataset: {type: video_text, data_path: "\(data)", transform_name: resize_crop, fps_max: 24}
        bucket_config:
          32px:
            1: !!python/tuple [1.0, 3]
            5: !!python/tuple [1.0, 2]
        ae_spatial_compression: 8
        model: {type: dit, in_channels: 12, patch_size: !!python/tuple [1, 2, 2], hidden_size: 16, depth: 1, num_heads: 2}
        text_encoder: \(text)
        ae: \(ae)
        optim: {cls: HybridAdam, lr: \(lr), eps: 1.0e-15, weight_decay: 0.0, adamw_mode: true}
        dropout_ratio: {text: 0.3}
        epochs: \(epochs)
        seed: 11
        log_every: 1
        ckpt_every: 0
        num_workers: 2
        """
    }

    static func job(_ name: String, yaml: String) throws -> StageJob {
        try TrainerTests.job("precomputed-\(name)", yaml: yaml)
    }

    /// Latent and embedding files for every sample epoch 0 trains, written from what the decoded
    /// run's own loader delivers; returns the table with real media paths and the one without.
    static func writePrecomputedTables(from decoded: StageJob) throws -> (withMedia: String, withoutMedia: String) {
        let settings = try TrainingSettings(config: decoded.config)
        let parts = try TrainingParts(job: decoded, settings: settings)
        let encoder = settings.hashedTextEncoder
        let autoencoder = IdentityAutoencoder(spaceToDepth: 2)
        let cached = folder + "/data/cached"
        try FileManager.default.createDirectory(atPath: cached, withIntermediateDirectories: true)
        var latentCells = [String](repeating: "", count: parts.dataset.count)
        var textCells = latentCells
        for requests in try parts.freshSampler(seed: settings.seed).batches(epoch: 0) {
            for request in requests {
                let sample = try parts.dataset.sample(request, epoch: 0)
                let embedding = encoder.encode(sample.caption)
                try SafetensorsFile(tensors: ["latents": try autoencoder.encode(sample.video)])
                    .write(to: cached + "/latent\(request.index).safetensors")
                try SafetensorsFile(tensors: ["text": embedding.tokens, "mask": embedding.mask])
                    .write(to: cached + "/text\(request.index).safetensors")
                latentCells[request.index] = "cached/latent\(request.index).safetensors"
                textCells[request.index] = "cached/text\(request.index).safetensors"
            }
        }
        let null = encoder.nullEmbedding
        try SafetensorsFile(tensors: ["text": null.tokens, "mask": null.mask]).write(to: cached + "/null.safetensors")
        var withMedia = try Table.read(table)
        let (latent, text, path) = (withMedia.header.names.count, withMedia.header.names.count + 1, withMedia.header.index(of: "path")!)
        _ = withMedia.header.ensure(["latent", "text_embedding"])
        for index in withMedia.rows.indices {
            withMedia.rows[index].pad(to: text + 1)
            withMedia.rows[index].fields[latent] = latentCells[index]
            withMedia.rows[index].fields[text] = textCells[index]
        }
        var withoutMedia = withMedia
        for index in withoutMedia.rows.indices { withoutMedia.rows[index].fields[path] = "gone/" + withoutMedia.rows[index].fields[path] }
        let paths = (folder + "/data/cached.csv", folder + "/data/cached-no-media.csv")
        try withMedia.write(to: paths.0)
        try withoutMedia.write(to: paths.1)
        return paths
    }

    @Test func precomputedLatentsAndTextTrainExactlyAsDecodingAndHashing() throws {
        #expect(!Self.table.isEmpty)
        let decoded = try Self.job("decoded", yaml: Self.config(data: Self.table, ae: Self.identityAE, text: Self.hashedText))
        _ = try DitTrainer().train(decoded, reporter: SilentReporter())
        let reference = try TrainerTests.losses(decoded)
        // Measured: 3 optimizer steps, losses 1.586, 1.582, 1.418.
        #expect(reference.count >= 3 && Set(reference).count > 1, "\(reference)")

        let tables = try Self.writePrecomputedTables(from: decoded)
        let variants = [("both", tables.withoutMedia, Self.precomputedAE, Self.precomputedText),
                        ("latents", tables.withoutMedia, Self.precomputedAE, Self.hashedText),
                        ("text", tables.withMedia, Self.identityAE, Self.precomputedText)]
        for (name, data, ae, text) in variants {
            let run = try Self.job(name, yaml: Self.config(data: data, ae: ae, text: text))
            _ = try DitTrainer().train(run, reporter: SilentReporter())
            #expect(try TrainerTests.losses(run) == reference, "\(name)")
        }
    }

    /// Measured: 30 epochs (90 optimizer steps) take the mean of the first five logged losses from
    /// 1.44 to 0.98 for the last five (ratio 0.68); the check asks for 0.8, as the decoded test does.
    @Test func theLossFallsOnPrecomputedData() throws {
        let data = Self.folder + "/data/cached-no-media.csv"
        if !FileManager.default.fileExists(atPath: data) { try precomputedLatentsAndTextTrainExactlyAsDecodingAndHashing() }
        let run = try Self.job("learning", yaml: Self.config(data: data, ae: Self.precomputedAE, text: Self.precomputedText, epochs: 30, lr: 1e-2))
        _ = try DitTrainer().train(run, reporter: SilentReporter())
        let losses = try TrainerTests.losses(run)
        let first = losses.prefix(5).reduce(0, +) / 5, last = losses.suffix(5).reduce(0, +) / 5
        #expect(last < 0.8 * first, "first \(first), last \(last): \(losses)")
    }

    @Test func aLatentOfTheWrongShapeStopsTheRunNamingFileAndRow() throws {
        let data = Self.folder + "/data/cached-no-media.csv"
        if !FileManager.default.fileExists(atPath: data) { try precomputedLatentsAndTextTrainExactlyAsDecodingAndHashing() }
        var table = try Table.read(data)
        let latent = table.header.index(of: "latent")!
        let row = try #require(table.rows.firstIndex { !$0.fields[latent].isEmpty })
        let wrong = Self.folder + "/data/cached/wrong.safetensors"
        try SafetensorsFile(tensors: ["latents": Tensor(shape: [12, 1, 3, 3])]).write(to: wrong)
        table.rows[row].fields[latent] = "cached/wrong.safetensors"
        let bad = Self.folder + "/data/cached-bad.csv"
        try table.write(to: bad)
        let run = try Self.job("wrong-shape", yaml: Self.config(data: bad, ae: Self.precomputedAE, text: Self.precomputedText))
        #expect {
            _ = try DitTrainer().train(run, reporter: SilentReporter())
        } throws: { error in
            let message = "\(error)"
            return error is TrainingError && message.contains(wrong) && message.contains("(row \(row) of \(bad), line \(row + 2))")
                && message.contains("latent of shape [12, 1, 3, 3]; the model expects [12,")
        }
    }

    @Test func aMissingColumnIsAnErrorAtTheConfigKey() throws {
        let yaml = Self.config(data: Self.table, ae: "{type: precomputed, column: latents_path}", text: Self.hashedText)
        let run = try Self.job("no-column", yaml: yaml)
        #expect {
            _ = try TrainingParts(job: run, settings: TrainingSettings(config: run.config))
        } throws: { error in
            let message = "\(error)"
            return error is ConfigError && message.contains("precomputed-no-column.yaml:") && message.contains("no 'latents_path' column")
        }
    }

    @Test func samplingRefusesPrecomputedParts() throws {
        let text = try Self.job("refuse-text", yaml: Self.config(data: Self.table, ae: Self.identityAE, text: Self.precomputedText))
        #expect(try TrainingSettings(config: text.config).samplingRefusal?.contains("no encoder to embed a new prompt") == true)
        let latents = try Self.job("refuse-ae", yaml: Self.config(data: Self.table, ae: Self.precomputedAE, text: Self.hashedText))
        #expect(try TrainingSettings(config: latents.config).samplingRefusal?.contains("no decoder") == true)
        let neither = try Self.job("refuse-none", yaml: Self.config(data: Self.table, ae: Self.identityAE, text: Self.hashedText))
        #expect(try TrainingSettings(config: neither.config).samplingRefusal == nil)
    }

    @Test func latentGeometryCountsCausalFrames() throws {
        let geometry = LatentGeometry(channels: 16, spatialCompression: 8, temporalCompression: 4)
        #expect(try geometry.latentShape(frames: 33, height: 256, width: 448) == [16, 9, 32, 56])
        #expect(try geometry.latentShape(frames: 1, height: 256, width: 256) == [16, 1, 32, 32])
        #expect { try geometry.latentShape(frames: 1, height: 250, width: 256) } throws: { "\($0)".contains("does not divide by ae.spatial_compression 8") }
    }
}
