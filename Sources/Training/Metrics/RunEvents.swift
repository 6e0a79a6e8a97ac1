import ConfigLang
import EventLog
import Foundation
import Stages

/// The TensorBoard log of a training run, beside `metrics.jsonl`: at each start the resolved
/// config (text, tag `config`) and its leaves as hyperparameters (step 0); then, at every
/// logged step, each number of the metrics line as a scalar under the same name as its JSON key
/// (`loss`, `lr`, `grad_norm`, `samples_per_s`, `epoch`, `bucket/…`). A resumed run folds the
/// earlier files into a new one up to the checkpoint's step (see `EventWriter`).
final class RunEvents {
    static let writer = "strata-train"
    let file: EventWriter

    init(job: StageJob, resumingAfter step: Int) throws {
        do {
            file = try EventWriter(directory: job.runDirectory, writer: Self.writer, keepingStepsThrough: Int64(step))
        } catch let error as EventFileError {
            throw TrainingError(error.description)
        }
        let now = Date().timeIntervalSince1970
        let config = YAMLWriter.write(job.config, origins: false)
        let hparams = ConfigLeaves.leaves(job.config).compactMap { leaf -> (String, Summaries.HParam)? in
            switch leaf.value {
            case .int(let number): return (leaf.key, .number(Double(number)))
            case .float(let number): return (leaf.key, .number(number))
            case .bool(let flag): return (leaf.key, .bool(flag))
            case .null: return nil
            default: return (leaf.key, .string(ConfigLeaves.text(leaf.value)))
            }
        }
        try write(step: 0, [
            Summaries.text("config", Summaries.codeBlock(config)),
            Summaries.hparams(hparams, group: "\(job.experiment)/\(job.stage)-\(job.fingerprint.prefix(12))", startTime: now),
        ])
    }

    func append(_ record: MetricsRecord) throws {
        var values = [Summaries.scalar("loss", record.loss), Summaries.scalar("lr", record.lr),
                      Summaries.scalar("epoch", Double(record.epoch))]
        if let norm = record.gradNorm { values.append(Summaries.scalar("grad_norm", norm)) }
        if let rate = record.samplesPerSecond { values.append(Summaries.scalar("samples_per_s", rate)) }
        for key in record.extra.keys.sorted() {
            if case .number(let number) = record.extra[key]! { values.append(Summaries.scalar(key, number)) }
        }
        try write(step: record.step, values)
    }

    private func write(step: Int, _ values: [SummaryValue]) throws {
        do {
            try file.write(step: Int64(step), values)
        } catch let error as EventFileError {
            throw TrainingError(error.description)
        }
    }
}
