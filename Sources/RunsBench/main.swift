import ConfigLang
import Foundation
import Stages

// Writes N run directories for bench/runs_bench.sh: `strata-runs-bench OUTPUTS N [CONFIG]`. Each
// is a real run.yaml (the resolved CONFIG, default configs/train/demo.yaml, so the index holds
// a realistic number of config leaves) and a metrics.jsonl of 100 lines, spread over 10
// experiments and 4 stages, with a mix of statuses.
let arguments = CommandLine.arguments
guard arguments.count >= 3, let count = Int(arguments[2]) else {
    FileHandle.standardError.write(Data("usage: strata-runs-bench OUTPUTS N [CONFIG]\n".utf8))
    exit(2)
}
let outputs = arguments[1]
let configPath = arguments.count > 3 ? arguments[3] : "configs/train/demo.yaml"
let config: ConfigNode
do {
    config = try ConfigLoader().loadLayers(configPath).root
} catch {
    FileHandle.standardError.write(Data("strata-runs-bench: \(configPath): \(error)\n".utf8))
    exit(2)
}
let stages = ["image", "stage1", "stage2", "stage1_i2v"]
let statuses: [RunRecord.Status] = [.completed, .completed, .completed, .failed, .running]
var metrics = ""
for step in 1...100 {
    metrics += "{\"step\":\(step),\"epoch\":0,\"loss\":\(1.0 / Double(step)),\"lr\":0.001,\"grad_norm\":0.5,\"samples_per_s\":10.0}\n"
}
let base = Date(timeIntervalSince1970: 1_790_000_000)
for index in 0..<count {
    let fingerprint = String(format: "%012x", index * 2_654_435_761 % 0xFFFF_FFFF_FFFF) + String(repeating: "0", count: 52)
    let stage = stages[index % stages.count]
    let experiment = "exp\(index % 10)"
    let directory = "\(outputs)/\(experiment)/\(stage)-\(fingerprint.prefix(12))"
    let record = RunRecord.made(
        experiment: experiment, stage: stage, initFrom: nil, configFile: configPath, status: statuses[index % statuses.count],
        fingerprint: fingerprint, upstreamFingerprint: nil, dataSHA256: nil, strataVersion: "bench",
        git: GitState(commit: "0123456789abcdef0123456789abcdef01234567", dirty: false), seed: Int64(index),
        started: RunRecord.timestamp(base.addingTimeInterval(Double(index) * 60)),
        ended: RunRecord.timestamp(base.addingTimeInterval(Double(index) * 60 + 45)), initWeights: nil,
        finalWeights: "final/model.safetensors", resumed: false, error: nil, overrides: [], config: config, directory: directory)
    do {
        try record.write()
        try Data(metrics.utf8).write(to: URL(fileURLWithPath: directory + "/metrics.jsonl"))
    } catch {
        FileHandle.standardError.write(Data("strata-runs-bench: \(directory): \(error)\n".utf8))
        exit(1)
    }
}
print("wrote \(count) run directories under \(outputs)")
