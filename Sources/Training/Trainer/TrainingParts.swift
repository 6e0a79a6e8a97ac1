import Buckets
import ConfigLang
import Foundation
import Stages
import Tensor
import VideoData

/// The fixed parts of a stage's training, built once from the settings: data, encoders, the
/// objective, the schedule and the step counts of every epoch.
struct TrainingParts {
    let dataset: VideoTextDataset
    let bucket: Bucket
    let samples: [SampleShape]
    let encoder: HashedTextEncoder
    let nullText: NullText
    let autoencoder: IdentityAutoencoder
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
        guard settings.aeType == "identity" else {
            throw ModelFactory.error(config, "ae", "the trainer implements the 'identity' autoencoder; '\(settings.aeType)' latents are not wired into training yet")
        }
        guard settings.textEncoderType == "hashed_text" else {
            throw ModelFactory.error(config, "text_encoder", "the trainer implements the 'hashed_text' encoder; '\(settings.textEncoderType)' embeddings are not wired into training yet")
        }
        guard let transform = TransformName(rawValue: settings.dataset.transformName) else {
            throw ModelFactory.error(config, "dataset.transform_name", "unknown transform '\(settings.dataset.transformName)'")
        }
        bucket = Bucket(try BucketConfig(config: config))
        samples = try SampleTable.read(dataPath).samples
        let seed = UInt64(bitPattern: settings.seed)
        dataset = try VideoTextDataset(tablePath: dataPath, options: VideoTextOptions(
            transformName: transform, fpsMax: Double(settings.dataset.fpsMax), vmaf: settings.dataset.vmaf, seed: seed))
        encoder = settings.hashedTextEncoder
        nullText = TextBatch.nullText(of: encoder)
        autoencoder = IdentityAutoencoder(spaceToDepth: settings.spaceToDepth)
        modelConfiguration = try ModelFactory.ditConfiguration(settings, config: config)
        objective = FlowObjective(flow: settings.flow, textDropout: settings.textDropout,
                                  conditions: try ModelFactory.conditionTable(settings, config: config))
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
