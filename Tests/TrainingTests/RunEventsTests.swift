import EventLog
import Foundation
import Stages
import Tensor
import Testing
@testable import Training

/// The TensorBoard log a training run writes beside metrics.jsonl, read back with our reader:
/// every number of every metrics line as a scalar at its step, the config and hyperparameters,
/// each step once after a crash and resume, and the contact sheet of `strata sample`.
extension TrainerTests {
    static func scalars(_ directory: String, writer: String = RunEvents.writer) throws -> [Int64: [String: Float]] {
        var out: [Int64: [String: Float]] = [:]
        for file in EventFiles.list(in: directory, writer: writer) {
            for event in try EventFiles.read(file) {
                guard case .summary(let values) = event.payload else { continue }
                for value in values {
                    guard case .scalar(let number) = value.datum else { continue }
                    #expect(out[event.step]?[value.tag] == nil, "step \(event.step) \(value.tag) written twice")
                    out[event.step, default: [:]][value.tag] = number
                }
            }
        }
        return out
    }

    /// metrics.jsonl as the scalars TensorBoard should hold (Float32, as `simple_value` is).
    static func expectedScalars(_ directory: String) throws -> [Int64: [String: Float]] {
        var out: [Int64: [String: Float]] = [:]
        for record in try MetricsLog.read(directory + "/metrics.jsonl") {
            var values: [String: Float] = ["loss": Float(record.loss), "lr": Float(record.lr), "epoch": Float(record.epoch)]
            if let norm = record.gradNorm { values["grad_norm"] = Float(norm) }
            if let rate = record.samplesPerSecond { values["samples_per_s"] = Float(rate) }
            for (key, value) in record.extra { if case .number(let number) = value { values[key] = Float(number) } }
            out[Int64(record.step)] = values
        }
        return out
    }

    @Test func theEventLogHoldsEveryMetricOnceEvenAfterAResume() throws {
        let broken = try Self.job("events", yaml: Self.config(epochs: 2))
        #expect(throws: TrainingError.self) {
            _ = try DitTrainer(interruptAfterUpdate: 3).train(broken, reporter: SilentReporter())
        }
        // Step 3 was logged before the crash; the checkpoint is at step 2.
        #expect(try Self.scalars(broken.runDirectory).keys.max() == 3)
        var resumed = broken
        resumed.resume = .continueInRunDirectory
        _ = try DitTrainer().train(resumed, reporter: SilentReporter())

        let files = EventFiles.list(in: resumed.runDirectory, writer: RunEvents.writer)
        #expect(files.count == 1)
        let expected = try Self.expectedScalars(resumed.runDirectory)
        #expect(expected.count >= 4)
        #expect(try Self.scalars(resumed.runDirectory) == expected)
        #expect(expected.values.contains { $0.keys.contains { $0.hasPrefix("bucket/") } })

        // Step 0 of the new file: the config as text and the hyperparameters.
        let events = try EventFiles.read(files[0])
        let stepZero = events.filter { $0.step == 0 }.flatMap { event -> [SummaryValue] in
            if case .summary(let values) = event.payload { return values }
            return []
        }
        let config = try #require(stepZero.first { $0.tag == "config" })
        #expect(config.plugin?.name == "text")
        guard case .tensor(let text) = config.datum else { Issue.record("config is not a tensor"); return }
        #expect(text.strings.first?.contains("    optim:") == true)
        let hparams = try #require(stepZero.first { $0.tag == Summaries.sessionStartTag })
        let values = try Summaries.decodeHParams(hparams.plugin?.content ?? [])
        #expect(values["optim.lr"] == .number(2e-3))
        #expect(values["model.type"] == .string("dit"))
        #expect(values["dataset.fps_max"] == .number(24))
    }

    @Test func samplingAddsTheContactSheetToTheLog() throws {
        let (run, trained) = try Self.trainedForSampling("sampled-events")
        let options = SamplingOptions(prompt: "a red circle", numFrames: 3, resolution: "32px", steps: 2, seed: 1,
                                      output: run.runDirectory + "/samples/red.mp4")
        let written = try VideoSampling.sample(trained, options: options)
        try SampleEvents.record(written, trained: trained, options: options)

        let files = EventFiles.list(in: run.runDirectory, writer: SampleEvents.writer)
        #expect(files.count == 1)
        let events = try EventFiles.read(try #require(files.first))
        let sample = try #require(events.last)
        #expect(sample.step == Int64(try MetricsLog.read(run.runDirectory + "/metrics.jsonl").last?.step ?? -1))
        guard case .summary(let values) = sample.payload else { Issue.record("no summary"); return }
        let png = try Data(contentsOf: URL(fileURLWithPath: written.contactSheet))
        #expect(values.first?.tag == "samples/red")
        #expect(values.first?.datum == .image(height: written.sheetHeight, width: written.sheetWidth, colorspace: 3, encoded: Array(png)))
        #expect(values.last?.tag == "samples/red/prompt")
        // The training run's own file is untouched by sampling.
        #expect(EventFiles.list(in: run.runDirectory, writer: RunEvents.writer).count == 1)
    }
}
