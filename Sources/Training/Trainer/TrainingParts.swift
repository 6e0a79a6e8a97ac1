import Buckets
import ConfigLang
import DataTable
import Foundation
import Stages
import Tensor
import VideoData

/// The fixed parts of a stage's training, built once from the settings: data, encoders, the
/// objective, the schedule and the step counts of every epoch.
struct TrainingParts {
    let dataset: VideoTextDataset
    /// What the loader reads: the dataset itself, or precomputed files named in its table.
    let source: any SampleSource
    let bucket: Bucket
    let samples: [SampleShape]
    let captions: CaptionSource
    let nullText: NullText
    /// Nil when the latents are precomputed (the loader then delivers latents, not pixels).
    let autoencoder: IdentityAutoencoder?
    let objective: FlowObjective
    let schedule: LearningRateSchedule
    let modelConfiguration: DiTConfiguration
    /// Micro-steps of every epoch (buckets are re-drawn each epoch, so counts differ); the same on
    /// every data-parallel rank.
    let stepsPerEpoch: [Int]
    /// This process's rank and the job's world size: the sampler's replicas.
    let placement: RunPlacement

    init(job: StageJob, settings: TrainingSettings, placement: RunPlacement = .single) throws {
        self.placement = placement
        let config = job.config
        guard let dataPath = settings.dataset.dataPath else {
            throw ModelFactory.error(config, "dataset.data_path", "stage \(job.stage) has no data: set dataset.data_path to a dataset table (strata data info writes one)")
        }
        guard ["identity", "precomputed"].contains(settings.aeType) else {
            throw ModelFactory.error(config, "ae", "the trainer implements the 'identity' and 'precomputed' autoencoders, not '\(settings.aeType)'")
        }
        guard ["hashed_text", "precomputed"].contains(settings.textEncoderType) else {
            throw ModelFactory.error(config, "text_encoder", "the trainer implements the 'hashed_text' and 'precomputed' text encoders, not '\(settings.textEncoderType)'")
        }
        guard let transform = TransformName(rawValue: settings.dataset.transformName) else {
            throw ModelFactory.error(config, "dataset.transform_name", "unknown transform '\(settings.dataset.transformName)'")
        }
        bucket = Bucket(try BucketConfig(config: config))
        samples = try SampleTable.read(dataPath).samples
        let seed = UInt64(bitPattern: settings.seed)
        dataset = try VideoTextDataset(tablePath: dataPath, options: VideoTextOptions(
            transformName: transform, fpsMax: Double(settings.dataset.fpsMax), vmaf: settings.dataset.vmaf, seed: seed))
        modelConfiguration = try ModelFactory.ditConfiguration(settings, config: config)
        let precomputed = try PrecomputedParts(settings: settings, config: config, tablePath: dataPath)
        captions = precomputed.text.map(CaptionSource.precomputed) ?? .hashed(settings.hashedTextEncoder)
        nullText = TextBatch.nullText(of: captions.nullEmbedding)
        autoencoder = precomputed.latents == nil ? IdentityAutoencoder(spaceToDepth: settings.spaceToDepth) : nil
        if precomputed.latents == nil, precomputed.text == nil {
            source = dataset
        } else {
            source = try PrecomputedSamples(
                dataset: dataset, latents: precomputed.latents,
                geometry: LatentGeometry(channels: settings.model.inChannels, spatialCompression: settings.latentSpatialCompression,
                                         temporalCompression: settings.latentTemporalCompression),
                text: precomputed.text)
        }
        objective = FlowObjective(flow: settings.flow, textDropout: settings.textDropout,
                                  conditions: try ModelFactory.conditionTable(settings, config: config),
                                  patchMasking: ModelFactory.patchMasking(settings), lossWeighting: settings.lossWeighting,
                                  lossWeightFloor: Float(settings.lossWeightFloor))
        let sampler = try VariableBatchSampler(bucket: bucket, samples: samples, seed: seed,
                                               numReplicas: placement.worldSize, rank: placement.rank)
        stepsPerEpoch = (0..<settings.epochs).map { sampler.stepsInEpoch($0) }
        schedule = ModelFactory.schedule(settings, totalSteps: stepsPerEpoch.reduce(0, +))
    }

    var totalSteps: Int { stepsPerEpoch.reduce(0, +) }

    func totalUpdates(accumulation: Int) -> Int { totalSteps / max(accumulation, 1) }

    /// Micro-steps of the epochs before `epoch`: `global_step = stepsBefore(epoch) + step`.
    func stepsBefore(epoch: Int) -> Int { stepsPerEpoch.prefix(epoch).reduce(0, +) }

    /// This rank's sampler: Open-Sora's split of every step's batches over the ranks.
    func freshSampler(seed: Int64) throws -> VariableBatchSampler {
        try VariableBatchSampler(bucket: bucket, samples: samples, seed: UInt64(bitPattern: seed),
                                 numReplicas: placement.worldSize, rank: placement.rank)
    }
}

/// The precomputed latents and text embeddings a stage names (`ae.type` / `text_encoder.type`
/// `precomputed`), with their table columns found; a missing column or an unreadable `null_path`
/// is an error at the config key that names it.
struct PrecomputedParts {
    var latents: PrecomputedLatents?
    var text: PrecomputedTextEncoder?

    init(settings: TrainingSettings, config: ConfigNode, tablePath: String) throws {
        guard settings.aeType == "precomputed" || settings.textEncoderType == "precomputed" else { return }
        let header = try TableReader(path: tablePath).header
        if settings.aeType == "precomputed" {
            do {
                latents = PrecomputedLatents(column: try PathColumn(column: settings.aeColumn, header: header, tablePath: tablePath),
                                             key: settings.latentKey)
            } catch let error as ConditioningError {
                throw ModelFactory.error(config, "ae.column", "ae.column: \(error.message)")
            }
        }
        if settings.textEncoderType == "precomputed" {
            let column: PathColumn
            do {
                column = try PathColumn(column: settings.textColumn, header: header, tablePath: tablePath)
            } catch let error as ConditioningError {
                throw ModelFactory.error(config, "text_encoder.column", "text_encoder.column: \(error.message)")
            }
            do {
                text = try PrecomputedTextEncoder(column: column, key: settings.textKey, dim: settings.textDim,
                                                  maxLength: settings.textMaxLength, nullPath: settings.textNullPath)
            } catch {
                throw ModelFactory.error(config, "text_encoder.null_path", "text_encoder.null_path: \(error)")
            }
        }
    }
}
