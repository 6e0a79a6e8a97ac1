import Buckets
import Foundation
import Stages
import Tensor
import VideoData

/// Where a run is, in Open-Sora's terms.
struct TrainingPosition {
    var epoch = 0
    /// The next step of `epoch` (after a step: the steps of this epoch done).
    var step = 0
    /// The micro-step being trained (0-based over the whole run).
    var globalStep = 0
    /// Optimizer steps done.
    var actualUpdateStep = 0
}

/// Everything a checkpoint saves and a resume restores: weights, optimizer, EMA, sampler, position.
struct TrainingState {
    var model: DiT
    var optimizer: any Optimizer
    var ema: ExponentialMovingAverage?
    var sampler: VariableBatchSampler
    var position = TrainingPosition()
    /// Losses of the micro-batches of the optimizer step in progress.
    private var groupLosses: [Double] = []

    init(parts: TrainingParts, settings: TrainingSettings, job: StageJob, reporter: any StageReporter) throws {
        model = DiT(parts.modelConfiguration, seed: UInt64(bitPattern: settings.seed))
        if let weights = job.initWeights ?? settings.model.fromPretrained {
            let file = try WeightsLoading.weightsFile(weights)
            let report = WeightsLoading.load(try SafetensorsFile.read(file), into: &model, source: file)
            for line in report.summary { reporter.message("\(job.stage): \(line)") }
        }
        let names = model.parameterNames
        let parameters = model.parameters
        optimizer = ModelFactory.optimizer(settings, names: names, shapes: parameters.map(\.shape))
        ema = settings.emaDecay.map { ExponentialMovingAverage(names: names, initialWeights: parameters, decay: $0) }
        sampler = try parts.freshSampler(seed: settings.seed)
    }

    /// Forward and backward of one micro-batch; gradients accumulate in the model. `firstSample`
    /// is where the batch starts in the step's global batch (over all ranks): the key of its
    /// samples' random streams.
    mutating func microStep(batch: LoadedBatch, parts: TrainingParts, settings: TrainingSettings, seed: Int64,
                            firstSample: Int = 0) throws -> Double {
        // Precomputed latents arrive as the batch's tensor, already checked against the model.
        let latent = try parts.autoencoder?.encode(batch.video) ?? batch.video
        if let problem = parts.modelConfiguration.latentProblem(Array(latent.shape.dropFirst())) {
            throw TrainingError("batch \(batch.position) of epoch \(position.epoch): \(problem)")
        }
        let text = try TextBatch.encode(batch, with: parts.captions)
        var streams = StepRandomness.sampleStreams(seed: seed, globalStep: position.globalStep, firstSample: firstSample,
                                                   count: latent.shape[0])
        let prepared = parts.objective.prepare(
            latent: latent, text: text.tokens, textMask: text.mask, nullText: parts.nullText,
            withCondition: parts.modelConfiguration.condEmbed, sampleStreams: &streams)
        let loss = parts.objective.lossAndGradients(model: &model, batch: prepared, lossScale: 1 / Float(settings.accumulationSteps))
        guard loss.isFinite else {
            throw TrainingError("the loss became \(loss) at micro-step \(position.globalStep) (epoch \(position.epoch), step \(position.step)): lower optim.lr or set grad_clip")
        }
        groupLosses.append(loss)
        return loss
    }

    struct Update {
        var learningRate: Double
        var gradNorm: Double
        var loss: Double
    }

    /// `--start-epoch`/`--start-step`: a step past the end of its epoch carries into the next
    /// epochs (Open-Sora's overflow rule); the sampler continues at that step.
    mutating func reposition(epoch: Int, step: Int, stepsPerEpoch: [Int]) throws {
        var (epoch, step) = (epoch, step)
        while epoch < stepsPerEpoch.count, step > stepsPerEpoch[epoch] {
            step -= stepsPerEpoch[epoch]
            epoch += 1
        }
        try sampler.restore(sampler.state(epoch: epoch, completedSteps: step))
        position.epoch = epoch
        position.step = step
    }

    /// After `accumulation_steps` micro-batches: average the gradients over the data-parallel
    /// ranks, clip, step the optimizer at the scheduled rate (indexed by the micro-step, as
    /// Open-Sora steps its scheduler), update the EMA, clear the gradients. Nil while the group is
    /// incomplete. The loss is this rank's own (the caller averages what it logs).
    mutating func finishUpdateIfDue(parts: TrainingParts, settings: TrainingSettings,
                                    parallel: DataParallel? = nil) throws -> Update? {
        guard groupLosses.count >= settings.accumulationSteps else { return nil }
        var gradients = model.gradients
        try parallel?.averageGradients(&gradients)
        let norm = settings.gradClip.map { clipGradientNorm(&gradients, maxNorm: Float($0)) } ?? globalGradientNorm(gradients)
        let rate = parts.schedule.rate(atStep: position.globalStep)
        var parameters = model.parameters
        optimizer.step(parameters: &parameters, gradients: gradients, learningRate: Float(rate))
        model.parameters = parameters
        model.zeroGradients()
        ema?.update(from: parameters)
        let loss = groupLosses.reduce(0, +) / Double(groupLosses.count)
        groupLosses.removeAll(keepingCapacity: true)
        return Update(learningRate: rate, gradNorm: Double(norm), loss: loss)
    }

    func checkpoint(settings: TrainingSettings, stepsInEpoch: Int) throws -> Checkpoint {
        let running = RunningStates(
            epoch: position.epoch, step: position.step, globalStep: position.globalStep + 1, batchSize: nil,
            actualUpdateStep: position.actualUpdateStep, accumulationSteps: settings.accumulationSteps,
            numStepsPerEpoch: stepsInEpoch, worldSize: sampler.numReplicas)
        let samplerState = sampler.state(epoch: position.epoch, completedSteps: position.step)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return Checkpoint(
            runningStates: running, model: WeightsLoading.file(of: model), optimizer: optimizer.state(),
            ema: ema.map { SafetensorsFile(tensors: Dictionary(uniqueKeysWithValues: zip($0.names, $0.weights))) },
            sampler: try encoder.encode(samplerState))
    }

    mutating func restore(from checkpoint: Checkpoint, settings: TrainingSettings) throws {
        let report = WeightsLoading.load(checkpoint.model, into: &model, source: "checkpoint \(checkpoint.id.folderName)")
        guard report.isExact else {
            throw TrainingError("checkpoint \(checkpoint.id.folderName) does not fit this model: " + report.summary.dropFirst().joined(separator: "; "))
        }
        try optimizer.restore(from: checkpoint.optimizer)
        if var average = ema {
            guard let saved = checkpoint.ema else {
                throw TrainingError("checkpoint \(checkpoint.id.folderName) has no ema.safetensors but this run keeps an EMA (ema_decay is set)")
            }
            try average.restore(from: saved)
            ema = average
        }
        try sampler.restore(JSONDecoder().decode(SamplerState.self, from: checkpoint.sampler))
        let running = checkpoint.runningStates
        position = TrainingPosition(epoch: running.epoch, step: running.step, globalStep: running.globalStep,
                                    actualUpdateStep: running.actualUpdateStep)
        groupLosses = []
    }
}
