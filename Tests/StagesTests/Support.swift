import ConfigLang
import Foundation
@testable import Stages

/// The repository root (this file is Tests/StagesTests/Support.swift).
let repositoryRoot: String = {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
}()

func repoPath(_ relative: String) -> String { repositoryRoot + "/" + relative }

/// A fresh temporary folder.
func temporaryFolder() throws -> String {
    let path = NSTemporaryDirectory() + "strata-stages-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// Writes an experiment file into `folder` whose stages use the shipped configs and whose
/// outputs go to `folder/outputs`; `extra` is YAML placed under the shared overlay.
func writeExperiment(in folder: String, name: String = "t", stages: [String] = ["image", "stage1", "stage2"],
                     sharedOverlay extra: String = "", stageOverlays: [String: String] = [:]) throws -> String {
    // The stages read a table (a stage without one cannot run); its content is all that counts.
    let table = folder + "/table.csv"
    if !FileManager.default.fileExists(atPath: table) {
        try "path,text\nclip.mp4,a red circle\n".write(toFile: table, atomically: true, encoding: .utf8)
    }
    var text = "experiment: \(name)\nconfigs: \(repoPath("configs/train"))\noverlay:\n  outputs: \(folder)/outputs\n"
    // A shared overlay that sets the dataset replaces the default one (a key twice is an error).
    if !extra.split(separator: "\n").contains(where: { $0.hasPrefix("dataset:") }) { text += "  dataset: {data_path: \(table)}\n" }
    for line in extra.split(separator: "\n") { text += "  \(line)\n" }
    text += "stages:\n"
    for stage in stages {
        if let overlay = stageOverlays[stage] {
            text += "  \(stage):\n    overlay:\n"
            for line in overlay.split(separator: "\n") { text += "      \(line)\n" }
        } else {
            text += "  \(stage):\n"
        }
    }
    let path = folder + "/\(name).yaml"
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return path
}

/// Override arguments at positions 1, 2, …
func overrides(_ tokens: [String], target: String) throws -> StageOverrides {
    try StageOverrides.parse(tokens.enumerated().map { ($0.offset + 1, $0.element) }, target: target)
}

func plan(_ experimentFile: String, _ target: String, _ tokens: [String] = []) throws -> Plan {
    try Planner(experiment: try Experiment.load(experimentFile), overrides: try overrides(tokens, target: target)).plan(target)
}

/// Trains nothing: writes a weights file naming the stage, its fingerprint and what it started
/// from, and fails on request.
struct RecordingTrainer: StageTrainer {
    var failing: Set<String> = []

    func train(_ job: StageJob, reporter: any StageReporter) throws -> StageResult {
        if failing.contains(job.stage) { throw TrainerError(message: "\(job.stage) diverged") }
        let folder = job.runDirectory + "/final"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let content = "\(job.stage) \(job.fingerprint) from \(job.initWeights ?? "seed") resume=\(job.resume == .continueInRunDirectory)"
        try content.write(toFile: folder + "/model.safetensors", atomically: true, encoding: .utf8)
        return StageResult(finalWeights: "final/model.safetensors")
    }
}

struct TrainerError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

func execute(_ plan: Plan, trainer: RecordingTrainer = RecordingTrainer()) throws -> [StageOutcome] {
    try StageExecutor(trainer: trainer, git: GitState(commit: "abc", dirty: false)).execute(plan)
}

/// The messages of a failed validation.
func schemaMessages(_ body: () throws -> Void) -> [String] {
    do {
        try body()
        return []
    } catch let errors as SchemaErrors {
        return errors.errors.map { $0.rendered(quotingSource: false) }
    } catch {
        return [String(describing: error)]
    }
}
