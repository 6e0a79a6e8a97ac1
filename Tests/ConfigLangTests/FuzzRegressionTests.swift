import ConfigLang
import Foundation
import Testing

/// Replays the inputs `bench/fuzz.sh` once found (Fixtures/fuzz-regressions/TARGET/*) through the
/// public paths its targets use (Sources/Fuzz/FuzzTargets.swift): each must return or throw a
/// ConfigError, never crash.
@Suite struct FuzzRegressionTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/fuzz-regressions")

    static func inputs(_ target: String) -> [(name: String, bytes: [UInt8])] {
        let directory = folder.appendingPathComponent(target)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.sorted().compactMap { name in
            FileManager.default.contents(atPath: directory.appendingPathComponent(name).path).map { (name, Array($0)) }
        }
    }

    /// Runs `body`, recording anything thrown that is not a ConfigError.
    static func expectReturnOrConfigError(_ name: String, _ body: () throws -> Void) {
        do { try body() } catch is ConfigError {} catch { Issue.record("\(name): not a ConfigError: \(error)") }
    }

    static func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    @Test func yaml() {
        for input in Self.inputs("yaml") {
            Self.expectReturnOrConfigError(input.name) { _ = try YAMLReader.read(SourceText(file: "fuzz.yaml", text: Self.text(input.bytes))) }
        }
    }

    @Test func json() {
        for input in Self.inputs("json") {
            Self.expectReturnOrConfigError(input.name) { _ = try JSONConfigReader.read(SourceText(file: "fuzz.json", text: Self.text(input.bytes))) }
        }
    }

    @Test func python() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("strata-fuzz-regressions-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        for input in Self.inputs("python") {
            let path = directory.appendingPathComponent("fuzz.py")
            try Data(input.bytes).write(to: path)
            Self.expectReturnOrConfigError(input.name) { _ = try ConfigLoader(environment: [:]).load(path.path) }
        }
    }

    @Test func overrides() throws {
        // The fuzz target's base config.
        let text = """
        model: {type: STDiT3-XL/2, depth: 28, qk_norm: true, dims: [1, 2, 3]}
        optim: {cls: HybridAdam, lr: 1.0e-4, eps: 1.0e-15, betas: [0.9, 0.999]}
        dataset: {type: VariableVideoTextDataset, data_path: data.csv, bucket_config: {"144p": {1: [1.0, 475], 51: [1.0, 51]}}}
        lr: 2.0e-4
        seed: 42
        warmup: ${optim.lr}
        """
        let base = try #require(try YAMLReader.read(SourceText(file: "base.yaml", text: text)))
        for input in Self.inputs("overrides") {
            Self.expectReturnOrConfigError(input.name) {
                let arguments = Self.text(input.bytes).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                let (root, _) = try OverrideApplication.apply(try OverrideParser.parse(arguments, firstArgumentIndex: 3), to: base)
                _ = try LateReferences.resolve(root)
            }
        }
    }

    /// A config, then after a line `%%` override arguments, loaded so references follow overrides.
    @Test func references() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("strata-fuzz-regressions-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        for input in Self.inputs("references") {
            let parts = Self.text(input.bytes).components(separatedBy: "\n%%\n")
            let path = directory.appendingPathComponent(parts[0].hasPrefix("{") ? "fuzz.json" : "fuzz.yaml")
            try Data(parts[0].utf8).write(to: path)
            let arguments = parts.dropFirst().joined(separator: "\n").split(separator: "\n").map(String.init)
            Self.expectReturnOrConfigError(input.name) {
                _ = try ConfigLoader(environment: [:]).load(path.path, overrides: try OverrideParser.parse(arguments, firstArgumentIndex: 3))
            }
        }
    }
}
