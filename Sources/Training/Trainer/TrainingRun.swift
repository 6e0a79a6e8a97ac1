import Buckets
import ConfigLang
import Foundation
import Stages
import Tensor
import VideoData

/// One stage's training: the loop over epochs and steps with Open-Sora 2.0's step accounting
/// (`global_step` counts micro-steps, `actual_update_step` optimizer steps), checkpoints that
/// resume bit for bit, metrics and the loss plot.
struct TrainingRun {
    let job: StageJob
    let settings: TrainingSettings
    let reporter: any StageReporter
    let parts: TrainingParts
    var state: TrainingState
    let store: CheckpointStore
    let metricsPath: String

    init(job: StageJob, reporter: any StageReporter) throws {
        self.job = job
        self.reporter = reporter
        settings = try TrainingSettings(config: job.config)
        parts = try TrainingParts(job: job, settings: settings)
        store = CheckpointStore(runDirectory: job.runDirectory)
        metricsPath = (job.runDirectory as NSString).appendingPathComponent("metrics.jsonl")
        state = try TrainingState(parts: parts, settings: settings, job: job, reporter: reporter)
    }

    mutating func execute(interruptAfterUpdate: Int? = nil) throws {
        var resumedAt: Int? = nil
        switch job.resume {
        case .fresh:
            break
        case .continueInRunDirectory:
            _ = try store.cleanTemporaryFolders()
            if let latest = try store.latest() {
                try state.restore(from: store.load(latest), settings: settings)
                resumedAt = state.position.actualUpdateStep
                reporter.message("\(job.stage): resuming from \(latest.folderName)")
            }
        case .load(let folder, let startEpoch, let startStep):
            try state.restore(from: CheckpointStore.load(folder: folder), settings: settings)
            if startEpoch != nil || startStep != nil {
                try state.reposition(epoch: startEpoch ?? state.position.epoch, step: startStep ?? 0, stepsPerEpoch: parts.stepsPerEpoch)
            }
            resumedAt = state.position.actualUpdateStep
            reporter.message("\(job.stage): loaded \(folder), starting at epoch \(state.position.epoch) step \(state.position.step)")
        }
        let metrics = try MetricsLog(path: metricsPath, resumingAfter: resumedAt ?? 0)
        let total = parts.totalSteps
        reporter.message("\(job.stage): \(state.model.parameterCount) parameters, \(parts.dataset.count) table rows, \(total) micro-steps over \(settings.epochs) epoch(s)")
        var window = ThroughputWindow()
        for epoch in min(state.position.epoch, settings.epochs)..<settings.epochs {
            let start = state.sampler.startStep(epoch: epoch)
            let batches = state.sampler.batches(epoch: epoch)
            for warning in batches.plan.warnings where start == 0 { reporter.message("\(job.stage): warning: \(warning)") }
            let loader = Loader(dataset: parts.dataset, batches: batches, workers: settings.numWorkers,
                                prefetch: settings.prefetchFactor, epoch: epoch)
            state.position.epoch = epoch
            for batch in loader {
                for drop in batch.dropped { reporter.message("\(job.stage): skipped sample \(drop.path): \(drop.reason)") }
                let step = start + batch.position
                state.position.globalStep = parts.stepsBefore(epoch: epoch) + step
                _ = try state.microStep(batch: batch, parts: parts, settings: settings, seed: job.seed)
                state.position.step = step + 1
                window.add(samples: batch.requests.count)
                guard let update = state.finishUpdateIfDue(parts: parts, settings: settings) else { continue }
                state.position.actualUpdateStep += 1
                let updateStep = state.position.actualUpdateStep
                if updateStep % settings.logEvery == 0 || state.position.globalStep + 1 == total {
                    let record = window.record(step: updateStep, epoch: epoch, loss: update.loss, lr: update.learningRate, gradNorm: update.gradNorm)
                    try metrics.append(record)
                    reporter.progress(stage: job.stage, step: updateStep, total: parts.totalUpdates(accumulation: settings.accumulationSteps),
                                      metrics: ["loss": record.loss, "lr": record.lr, "samples/s": record.samplesPerSecond ?? 0])
                }
                if settings.ckptEvery > 0, updateStep % settings.ckptEvery == 0 {
                    try save(stepsInEpoch: parts.stepsPerEpoch[epoch])
                }
                if updateStep == interruptAfterUpdate { throw TrainingError("interrupted after optimizer step \(updateStep)") }
            }
            state.position.step = 0
            state.position.epoch = epoch + 1
        }
        try writeFinal()
        try LossPlot.write(metrics: metricsPath, to: (job.runDirectory as NSString).appendingPathComponent("loss.svg"),
                           title: "\(job.experiment) / \(job.stage)")
    }

    private func save(stepsInEpoch: Int) throws {
        let checkpoint = try state.checkpoint(settings: settings, stepsInEpoch: stepsInEpoch)
        let folder = try store.save(checkpoint)
        if settings.keepNLatest > 0 { _ = try store.removeOld(keep: settings.keepNLatest, protecting: checkpoint.id) }
        reporter.message("\(job.stage): saved \((folder as NSString).lastPathComponent)")
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
/// uninterrupted run logged.
struct ThroughputWindow {
    private var samples = 0
    private var started = Date()

    mutating func add(samples count: Int) {
        samples += count
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
