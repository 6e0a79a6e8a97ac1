import ConfigLang
import Foundation
import Stages

/// The repository root (this file is Tests/LaunchTests/Support.swift).
let repositoryRoot: String = {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
}()

func temporaryFolder() throws -> String {
    let path = NSTemporaryDirectory() + "strata-launch-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// An experiment over the shipped configs whose outputs go to `folder/outputs`; `overlay` is YAML
/// (already indented by two spaces per level) merged into every stage.
func writeExperiment(in folder: String, stages: [String] = ["image", "stage1"], overlay: String = "") throws -> String {
    var text = "experiment: t\nconfigs: \(repositoryRoot)/configs/train\noverlay:\n  outputs: \(folder)/outputs\n"
    for line in overlay.split(separator: "\n") { text += "  \(line)\n" }
    text += "stages:\n" + stages.map { "  \($0):\n" }.joined()
    let path = folder + "/t.yaml"
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return path
}

func plan(_ experimentFile: String, _ target: String, _ tokens: [String] = []) throws -> Plan {
    let overrides = try StageOverrides.parse(tokens.enumerated().map { ($0.offset + 1, $0.element) }, target: target)
    return try Planner(experiment: try Experiment.load(experimentFile), overrides: overrides).plan(target)
}

/// Runs a shell command line; returns standard output and the exit status.
@discardableResult
func shell(_ command: String, environment: [String: String]? = nil) throws -> (output: String, status: Int32) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/bash")
    process.arguments = ["-c", command]
    if let environment { process.environment = environment }
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (String(decoding: data, as: UTF8.self), process.terminationStatus)
}

/// The words a shell sees in `line` (each printed on its own line by printf, NUL-free input).
func shellWords(_ line: String) throws -> [String] {
    let result = try shell("printf '%s\\0' " + line)
    return result.output.split(separator: "\0", omittingEmptySubsequences: false).dropLast().map(String.init)
}
