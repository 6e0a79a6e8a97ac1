import Buckets
import ConfigLang
import Distributed
import Foundation
import Stages
import Tensor
import VideoData

/// One stage's training: the loop over epochs and steps with Open-Sora 2.0's step accounting
/// (`global_step` counts micro-steps, `actual_update_step` optimizer steps), checkpoints that
/// resume bit for bit, metrics and the loss plot. In a data-parallel job every rank runs this loop
/// on its shard of each step (see `DataParallel`); rank 0 alone writes.
struct TrainingRun {
    let job: StageJob
    let settings: TrainingSettings
    let reporter: any StageReporter
    let parts: TrainingParts
    var state: TrainingState
    let store: CheckpointStore
    let metricsPath: String
    let parallel: DataParallel
    let injectedFailure: RankFailureInjection?

    init(job: StageJob, reporter: any StageReporter, group: any ProcessGroup = SingleProcess()) throws {
        self.job = job
        self.reporter = reporter
        parallel = DataParallel(group: group)
        injectedFailure = try RankFailureInjection.fromEnvironment()
        settings = try TrainingSettings(config: job.config)
        parts = try TrainingParts(job: job, settings: settings, placement: parallel.placement)
        store = CheckpointStore(runDirectory: job.runDirectory)
        metricsPath = (job.runDirectory as NSString).appendingPathComponent("metrics.jsonl")
        state = try TrainingState(parts: parts, settings: settings, job: job, reporter: reporter)
    }

    mutating func execute(interruptAfterUpdate: Int? = nil) throws {
        var resumedAt: Int? = nil
        // Rank 0 alone tidies the run directory; all ranks then read the same checkpoints. (Ranks
        // can see different resume modes: rank 0 writes run.yaml while the others plan.)
        if parallel.writesFiles, job.resume == .continueInRunDirectory { _ = try store.cleanTemporaryFolders() }
        try parallel.waitForWriter()
        switch job.resume {
        case .fresh:
            break
        case .continueInRunDirectory:
            if let latest = try store.latest() {
                let checkpoint = try store.load(latest)
                try parallel.checkResumable(checkpoint, folder: store.folder(of: latest))
                try state.restore(from: checkpoint, settings: settings)
                resumedAt = state.position.actualUpdateStep
                reporter.message("\(job.stage): resuming from \(latest.folderName)")
            }
        case .load(let folder, let startEpoch, let startStep):
            let checkpoint = try CheckpointStore.load(folder: folder)
            try parallel.checkResumable(checkpoint, folder: folder)
            try state.restore(from: checkpoint, settings: settings)
            if startEpoch != nil || startStep != nil {
                try state.reposition(epoch: startEpoch ?? state.position.epoch, step: startStep ?? 0, stepsPerEpoch: parts.stepsPerEpoch)
            }
            resumedAt = state.position.actualUpdateStep
            reporter.message("\(job.stage): loaded \(folder), starting at epoch \(state.position.epoch) step \(state.position.step)")
        }
        try parallel.synchronizeWeights(model: &state.model, ema: &state.ema)
        let metrics = parallel.writesFiles ? try MetricsLog(path: metricsPath, resumingAfter: resumedAt ?? 0) : nil
        let events = parallel.writesFiles ? try RunEvents(job: job, resumingAfter: resumedAt ?? 0) : nil
        let loopStart = Date()
        let updatesBefore = state.position.actualUpdateStep
        let total = parts.totalSteps
        reporter.message("\(job.stage): \(state.model.parameterCount) parameters, \(parts.dataset.count) table rows, \(total) micro-steps over \(settings.epochs) epoch(s)")
        var window = ThroughputWindow()
        for epoch in min(state.position.epoch, settings.epochs)..<settings.epochs {
            let start = state.sampler.startStep(epoch: epoch)
            let batches = state.sampler.batches(epoch: epoch)
            for warning in batches.plan.warnings where start == 0 {
                reporter.warning(stage: job.stage, warning, epoch: epoch, epochs: settings.epochs)
            }
            let loader = Loader(dataset: parts.source, batches: batches, workers: settings.numWorkers,
                                prefetch: settings.prefetchFactor, epoch: epoch).makeIterator()
            state.position.epoch = epoch
            while let batch = loader.next() {
                try Self.stopAtFatal(batch.dropped)
                for drop in batch.dropped { reporter.message("\(job.stage): skipped sample \(drop.path): \(drop.reason)") }
                let step = start + batch.position
                try parallel.checkInStep(expected: state.position.step, actual: step, epoch: epoch)
                try injectedFailure?.check(rank: parallel.rank, nextUpdateStep: state.position.actualUpdateStep + 1)
                state.position.globalStep = parts.stepsBefore(epoch: epoch) + step
                _ = try state.microStep(batch: batch, parts: parts, settings: settings, seed: job.seed,
                                        firstSample: batches.plan.sampleOffset(step: step, rank: parallel.rank))
                state.position.step = step + 1
                window.add(samples: parallel.globalSamples(local: batch.requests.count, plan: batches.plan, step: step),
                           buckets: parallel.bucketCounts(local: batch.requests, plan: batches.plan, step: step))
                guard let update = try state.finishUpdateIfDue(parts: parts, settings: settings, parallel: parallel) else { continue }
                state.position.actualUpdateStep += 1
                let updateStep = state.position.actualUpdateStep
                let buckets = window.takeBuckets()
                if updateStep % settings.logEvery == 0 || state.position.globalStep + 1 == total {
                    let loss = try parallel.meanOverRanks(update.loss)
                    var record = window.record(step: updateStep, epoch: epoch, loss: loss, lr: update.learningRate, gradNorm: update.gradNorm)
                    for (name, count) in buckets { record.extra[name] = .number(Double(count)) }
                    try metrics?.append(record)
                    try events?.append(record)
                    reporter.progress(stage: job.stage, step: updateStep, total: parts.totalUpdates(accumulation: settings.accumulationSteps),
                                      metrics: ["loss": record.loss, "lr": record.lr, "samples/s": record.samplesPerSecond ?? 0])
                }
                reporter.advance(stage: job.stage, step: updateStep, total: parts.totalUpdates(accumulation: settings.accumulationSteps))
                if settings.ckptEvery > 0, updateStep % settings.ckptEvery == 0 {
                    try save(stepsInEpoch: parts.stepsPerEpoch[epoch])
                }
                if updateStep == interruptAfterUpdate { throw TrainingError("interrupted after optimizer step \(updateStep)") }
            }
            try Self.stopAtFatal(loader.droppedAtEnd)
            try parallel.checkInStep(expected: batches.plan.steps, actual: state.position.step, epoch: epoch)
            state.position.step = 0
            state.position.epoch = epoch + 1
        }
        if let line = parallel.summary(loopSeconds: Date().timeIntervalSince(loopStart), updates: state.position.actualUpdateStep - updatesBefore) {
            reporter.message("\(job.stage): \(line)")
        }
        if parallel.writesFiles {
            try writeFinal()
            try LossPlot.write(metrics: metricsPath, to: (job.runDirectory as NSString).appendingPathComponent("loss.svg"),
                               title: "\(job.experiment) / \(job.stage)")
        }
        try parallel.waitForWriter()
    }

    /// A precomputed latent or embedding that is missing or does not fit ends the run (see
    /// `PrecomputedSamples`); the message names the file and the table row.
    private static func stopAtFatal(_ drops: [DroppedSample]) throws {
        if let fatal = drops.first(where: \.isFatal) { throw TrainingError(fatal.reason) }
    }

    /// Rank 0 writes the checkpoint; every rank waits until it is complete.
    private func save(stepsInEpoch: Int) throws {
        if parallel.writesFiles {
            let checkpoint = try state.checkpoint(settings: settings, stepsInEpoch: stepsInEpoch)
            let folder = try store.save(checkpoint)
            if settings.keepNLatest > 0 { _ = try store.removeOld(keep: settings.keepNLatest, protecting: checkpoint.id) }
            reporter.detail("\(job.stage): saved \((folder as NSString).lastPathComponent)")
        }
        try parallel.waitForWriter()
    }

    /// `final/`: the weights the next stage starts from (and the EMA copy when there is one),
    /// written into a temporary folder and renamed, so a crash never leaves half a final folder.
    private func writeFinal() throws {
        let manager = FileManager.default
        let final = (job.runDirectory as NSString).appendingPathComponent(DitTrainer.finalFolder)
        let partial = final + ".partial"
        try? manager.removeItem(atPath: partial)
        try manager.createDirectory(atPath: partial, withIntermediateDirectories: true)
        let metadata = ["stage": job.stage, "fingerprint": job.fingerprint, "format": "pt"]
        try WeightsLoading.file(of: state.model, metadata: metadata).write(to: (partial as NSString).appendingPathComponent("model.safetensors"))
        if let ema = state.ema {
            let file = SafetensorsFile(tensors: Dictionary(uniqueKeysWithValues: zip(ema.names, ema.weights)), metadata: metadata)
            try file.write(to: (partial as NSString).appendingPathComponent("ema.safetensors"))
        }
        try? manager.removeItem(atPath: final)
        try manager.moveItem(atPath: partial, toPath: final)
    }
}

/// Throughput since the last log line. The logged loss is the logged update's own (the mean over
/// its micro-batches), not an average since the last line, so a resumed run logs exactly what the
/// uninterrupted run logged; so are the per-bucket sample counts (`bucket/TxHxW`: the samples of
/// the update's micro-batches, over all ranks, in each bucket shape).
struct ThroughputWindow {
    private var samples = 0
    private var started = Date()
    private var buckets: [String: Int] = [:]

    mutating func add(samples count: Int, buckets counts: [String: Int] = [:]) {
        samples += count
        buckets.merge(counts, uniquingKeysWith: +)
    }

    /// The bucket counts of the update just finished, clearing them for the next.
    mutating func takeBuckets() -> [String: Int] {
        defer { buckets = [:] }
        return buckets
    }

    mutating func record(step: Int, epoch: Int, loss: Double, lr: Double, gradNorm: Double) -> MetricsRecord {
        let elapsed = max(Date().timeIntervalSince(started), 1e-9)
        let record = MetricsRecord(step: step, epoch: epoch, loss: loss, lr: lr, gradNorm: gradNorm,
                                   samplesPerSecond: Double(samples) / elapsed)
        samples = 0
        started = Date()
        return record
    }
}
