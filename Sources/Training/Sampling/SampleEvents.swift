import EventLog
import Foundation
import Stages

/// `strata sample` adds what it made to the run's TensorBoard log: the contact sheet as an image
/// (tag `samples/<file name>`) and the prompt and options as text (`samples/<file name>/prompt`),
/// at the step of the weights sampled (a checkpoint's step; for `final/`, the last logged step).
/// Each invocation writes its own event file (writer `strata-sample`), so sampling never touches
/// the training run's files, even while it trains.
public enum SampleEvents {
    public static let writer = "strata-sample"

    public static func record(_ written: VideoSampling.Written, trained: TrainedModel, options: SamplingOptions) throws {
        guard let png = FileManager.default.contents(atPath: written.contactSheet) else {
            throw TrainingError("\(written.contactSheet): the contact sheet cannot be read back for the TensorBoard log")
        }
        let name = ((written.video as NSString).lastPathComponent as NSString).deletingPathExtension
        var details = "**\(options.prompt)**\n\n\(written.frames) frames of \(written.width)×\(written.height), "
            + "\(options.steps) Euler steps, guidance \(options.guidance), seed \(options.seed), weights `\(trained.weightsFile)`"
        if options.guidanceInterval != 0...1 {
            details += " at t in [\(options.guidanceInterval.lowerBound), \(options.guidanceInterval.upperBound)]"
        }
        if options.stochasticity > 0 { details += ", η \(options.stochasticity)" }
        if let scale = options.transformScale { details += ", sampling transform_scale \(scale)" }
        if let image = options.image { details += ", first frame from `\(image)` (image guidance \(options.imageGuidance))" }
        do {
            let file = try EventWriter(directory: trained.runDirectory, writer: writer)
            try file.write(step: Int64(step(of: trained)), [
                Summaries.image("samples/\(name)", png: Array(png), width: written.sheetWidth, height: written.sheetHeight),
                Summaries.text("samples/\(name)/prompt", details),
            ])
        } catch let error as EventFileError {
            throw TrainingError(error.description)
        }
    }

    /// The optimizer step of the weights sampled.
    static func step(of trained: TrainedModel) -> Int {
        let folder = ((trained.weightsFile as NSString).deletingLastPathComponent as NSString).lastPathComponent
        if let checkpoint = CheckpointID(folderName: folder) { return checkpoint.step }
        let metrics = (trained.runDirectory as NSString).appendingPathComponent("metrics.jsonl")
        return (try? MetricsLog.read(metrics))?.last?.step ?? 0
    }
}
