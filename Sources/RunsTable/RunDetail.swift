import ConfigLang
import Foundation
import Stages

/// `strata runs show RUN`: everything about one run directory (its record, metrics, checkpoints,
/// samples, plots and TensorBoard files), and `strata runs compare A B`: the config diff beside
/// the two runs' summaries.
public enum RunDetail {
    /// A run named by its directory, `EXPERIMENT/RUN`, or a unique prefix of its fingerprint.
    public static func locate(_ name: String, outputs: String) throws -> String {
        if RunRecord.isRunRecord(name) { return RunRecord.fileName == (name as NSString).lastPathComponent ? (name as NSString).deletingLastPathComponent : name }
        let inOutputs = (outputs as NSString).appendingPathComponent(name)
        if RunRecord.isRunRecord(inOutputs) { return inOutputs }
        let catalog = try RunsCatalog.load(outputs: outputs)
        let matches = catalog.runs.filter { $0.fingerprint.hasPrefix(name) || ($0.directory as NSString).lastPathComponent == name }
        if matches.count == 1 { return matches[0].directory }
        if matches.isEmpty {
            throw RunsError("run '\(name)': no run directory (with run.yaml) at that path, under \(outputs)/, or with that fingerprint")
        }
        throw RunsError("run '\(name)' is ambiguous: " + matches.map(\.directory).joined(separator: ", "))
    }

    public static func show(_ directory: String) throws -> String {
        guard let stamp = FileStamp(directory: directory) else { throw RunsError("\(directory): not a run directory (no run.yaml)") }
        let record = try RunRecord.read(directory)
        let run = try RunReading.summary(of: directory, stamp: stamp)
        var lines = ["run \(directory)"]
        func add(_ label: String, _ value: String?) {
            if let value { lines.append("  " + label.padding(toLength: 14, withPad: " ", startingAt: 0) + value) }
        }
        add("experiment", record.experiment)
        add("stage", record.stage + (record.initFrom.map { " (from \($0))" } ?? ""))
        add("status", record.status.rawValue + (record.resumed ? ", resumed" : ""))
        add("error", record.error)
        add("fingerprint", record.fingerprint)
        add("upstream", record.upstreamFingerprint)
        add("config", record.configFile)
        add("overrides", record.overrides.isEmpty ? nil : record.overrides.joined(separator: "; "))
        add("started", record.started)
        add("ended", record.ended)
        add("duration", run.duration.map(RunsRendering.duration))
        add("git", record.git.commit.map { $0 + (record.git.dirty == true ? " (dirty)" : "") })
        add("seed", String(record.seed))
        add("world size", String(record.worldSize))
        add("steps", run.steps.map(String.init))
        add("loss", run.steps == nil ? nil : "last \(RunsRendering.loss(run.lastLoss)), best \(RunsRendering.loss(run.bestLoss))")
        add("init weights", record.initWeights)
        add("final weights", record.finalWeightsPath)
        let names = FolderListing.names(directory)
        let checkpoints = names.compactMap(CheckpointID.init(folderName:)).sorted().map(\.folderName)
        lines.append("  checkpoints   " + (checkpoints.isEmpty ? "none" : checkpoints.joined(separator: ", ")))
        let samples = FolderListing.names(directory + "/samples")
        lines.append("  samples       " + (samples.isEmpty ? "none" : "\(samples.count) file(s) in \(directory)/samples"))
        for sample in samples { lines.append("                \(sample)") }
        for file in ["metrics.jsonl", "loss.svg"] where names.contains(file) { add(file, "\(directory)/\(file)") }
        let events = names.filter { $0.contains("tfevents") }
        add("tensorboard", events.isEmpty ? nil : "\(events.count) event file(s): tensorboard --logdir \(directory)")
        return lines.joined(separator: "\n") + "\n"
    }

    public static func compare(_ first: String, _ second: String) throws -> String {
        guard let stampA = FileStamp(directory: first) else { throw RunsError("\(first): not a run directory (no run.yaml)") }
        guard let stampB = FileStamp(directory: second) else { throw RunsError("\(second): not a run directory (no run.yaml)") }
        let a = try RunReading.summary(of: first, stamp: stampA)
        let b = try RunReading.summary(of: second, stamp: stampB)
        let rows: [(String, String, String)] = [
            ("run", first, second), ("stage", a.stage, b.stage), ("status", a.status, b.status),
            ("fingerprint", String(a.fingerprint.prefix(12)), String(b.fingerprint.prefix(12))),
            ("started", a.started, b.started),
            ("duration", a.duration.map(RunsRendering.duration) ?? "-", b.duration.map(RunsRendering.duration) ?? "-"),
            ("steps", a.steps.map(String.init) ?? "-", b.steps.map(String.init) ?? "-"),
            ("last loss", RunsRendering.loss(a.lastLoss), RunsRendering.loss(b.lastLoss)),
            ("best loss", RunsRendering.loss(a.bestLoss), RunsRendering.loss(b.bestLoss)),
            ("world size", String(a.worldSize), String(b.worldSize)),
            ("git", a.gitCommit.map { String($0.prefix(12)) } ?? "-", b.gitCommit.map { String($0.prefix(12)) } ?? "-"),
        ]
        let width = rows.map(\.1.count).max() ?? 0
        var out = rows.map { "  " + $0.0.padding(toLength: 12, withPad: " ", startingAt: 0)
            + $0.1.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + $0.2 }.joined(separator: "\n") + "\n\n"
        let diff = ConfigDiff(try RunRecord.read(first).config, try RunRecord.read(second).config, labels: (first, second))
        out += diff.isEqual ? "configs: equal\n" : "configs:\n" + DiffTextRenderer.render(diff, full: false, color: false)
        return out
    }
}
