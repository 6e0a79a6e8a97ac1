import ConfigLang
import Foundation
import Stages

/// Generated run directories: real run.yaml files (written by `RunRecord`) and metrics.jsonl
/// files, without training anything.
struct RunsFixture {
    let outputs: String

    init(_ name: String) {
        outputs = NSTemporaryDirectory() + "strata-runs-\(getpid())-\(name)/outputs"
        try? FileManager.default.removeItem(atPath: (outputs as NSString).deletingLastPathComponent)
        try? FileManager.default.createDirectory(atPath: outputs, withIntermediateDirectories: true)
    }

    func config(lr: Double, depth: Int) throws -> ConfigNode {
        let path = (outputs as NSString).deletingLastPathComponent + "/config-\(lr)-\(depth).yaml"
        try "stage: x\noptim: {cls: HybridAdam, lr: \(lr)}\nmodel: {type: dit, depth: \(depth)}\nbucket_config: {32px: {1: [1.0, 3]}}\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        return try ConfigLoader().loadLayers(path).root
    }

    /// A run started `minute` minutes after a fixed time, lasting 90 s when it has ended.
    @discardableResult
    func run(_ experiment: String, _ stage: String, fingerprint: String, minute: Int, status: RunRecord.Status = .completed,
             lr: Double = 1e-3, depth: Int = 2, losses: [Double] = [1.0, 0.5, 0.7], initFrom: String? = nil,
             upstream: String? = nil, worldSize: Int = 1) throws -> String {
        let directory = "\(outputs)/\(experiment)/\(stage)-\(fingerprint.prefix(12))"
        let start = Date(timeIntervalSince1970: 1_800_000_000 + Double(minute) * 60)
        let record = RunRecord.made(
            experiment: experiment, stage: stage, initFrom: initFrom, configFile: "configs/\(stage).yaml", status: status,
            fingerprint: fingerprint, upstreamFingerprint: upstream, dataSHA256: nil, strataVersion: "test",
            git: GitState(commit: "abcdef0123456789", dirty: true), seed: 1, started: RunRecord.timestamp(start),
            ended: status == .running ? nil : RunRecord.timestamp(start.addingTimeInterval(90)), initWeights: nil,
            finalWeights: nil, resumed: false, worldSize: worldSize, error: status == .failed ? "boom" : nil, overrides: [],
            config: try config(lr: lr, depth: depth), directory: directory)
        try record.write()
        let lines = losses.enumerated().map { "{\"step\":\($0.offset + 1),\"epoch\":0,\"loss\":\($0.element),\"lr\":0.001}\n" }
        try lines.joined().write(toFile: directory + "/metrics.jsonl", atomically: true, encoding: .utf8)
        return directory
    }
}
