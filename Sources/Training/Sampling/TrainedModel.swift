import ConfigLang
import Foundation
import Stages
import Tensor

/// A trained model found from a run directory or a checkpoint folder: its stage settings (from the
/// run's `run.yaml`) and its weights, the EMA copy when the run kept one (as Open-Sora samples).
public struct TrainedModel {
    public var runDirectory: String
    public var weightsFile: String
    public var settings: TrainingSettings
    public var model: DiT
    public var loadReport: WeightsLoadReport

    init(runDirectory: String, weightsFile: String, settings: TrainingSettings, model: DiT) {
        self.runDirectory = runDirectory
        self.weightsFile = weightsFile
        self.settings = settings
        self.model = model
        loadReport = WeightsLoadReport(source: weightsFile)
    }

    public init(locating path: String) throws {
        let manager = FileManager.default
        var directory = path
        var weightFolder = (path as NSString).appendingPathComponent(DitTrainer.finalFolder)
        if !RunRecord.isRunRecord(path) {
            // A checkpoint folder inside a run directory.
            directory = (path as NSString).deletingLastPathComponent
            weightFolder = path
        }
        guard RunRecord.isRunRecord(directory) else {
            throw TrainingError("'\(path)' is neither a run directory (with run.yaml) nor a checkpoint folder inside one")
        }
        let record = try RunRecord.read(directory)
        guard let file = ["ema.safetensors", "model.safetensors"]
            .map({ (weightFolder as NSString).appendingPathComponent($0) })
            .first(where: { manager.fileExists(atPath: $0) }) else {
            throw TrainingError("'\(weightFolder)' holds no weights (model.safetensors): has the run finished? (status: \(record.status))")
        }
        runDirectory = directory
        weightsFile = file
        settings = try TrainingSettings(config: record.config)
        var model = DiT(try ModelFactory.ditConfiguration(settings, config: record.config), seed: 0)
        loadReport = WeightsLoading.load(try SafetensorsFile.read(file), into: &model, source: file)
        guard loadReport.isExact else {
            throw TrainingError("the weights do not fit the run's model: " + loadReport.summary.dropFirst().joined(separator: "; "))
        }
        self.model = model
    }
}
