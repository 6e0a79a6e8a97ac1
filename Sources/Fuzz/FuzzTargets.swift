import ConfigLang
import DataTable
import Foundation

/// The six fuzz targets: bytes in, the public API exercised, and the only allowed outcomes are a
/// value or a `ConfigError`/`TableError`. Anything else is a finding, so it traps (libFuzzer then
/// saves the input as a crash artifact).
enum FuzzTarget: String, CaseIterable, Sendable {
    case yaml, json, python, overrides, references, csv

    func run(_ bytes: [UInt8]) {
        do {
            switch self {
            case .yaml: _ = try YAMLReader.read(SourceText(file: "fuzz.yaml", text: Self.text(bytes)))
            case .json: _ = try JSONConfigReader.read(SourceText(file: "fuzz.json", text: Self.text(bytes)))
            case .python: _ = try ConfigLoader(environment: [:]).load(Scratch.write(bytes, as: "fuzz.py"))
            case .overrides: try Self.overrides(bytes)
            case .references: try Self.references(bytes)
            case .csv: try Self.csv(bytes)
            }
        } catch is ConfigError {
        } catch is TableError {
        } catch {
            fatalError("\(rawValue): not a ConfigError or TableError: \(error)")
        }
    }

    /// Invalid UTF-8 is repaired, as it is when strata reads a file.
    static func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    /// A fixed Open-Sora-shaped config the override lines are applied to.
    static let base: ConfigNode = {
        let text = """
        model: {type: STDiT3-XL/2, depth: 28, qk_norm: true, dims: [1, 2, 3]}
        optim: {cls: HybridAdam, lr: 1.0e-4, eps: 1.0e-15, betas: [0.9, 0.999]}
        dataset: {type: VariableVideoTextDataset, data_path: data.csv, bucket_config: {"144p": {1: [1.0, 475], 51: [1.0, 51]}}}
        lr: 2.0e-4
        seed: 42
        warmup: ${optim.lr}
        """
        return try! YAMLReader.read(SourceText(file: "base.yaml", text: text))!
    }()

    /// One override argument per line, applied to `base`, then references resolved.
    static func overrides(_ bytes: [UInt8]) throws {
        let arguments = text(bytes).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let parsed = try OverrideParser.parse(arguments, firstArgumentIndex: 3)
        let (root, _) = try OverrideApplication.apply(parsed, to: base)
        _ = try LateReferences.resolve(root)
    }

    /// A config (JSON when it starts with `{`, YAML otherwise), then after a line `%%` override
    /// arguments one per line; loaded through `ConfigLoader`, so `${}` references resolve after
    /// the overrides as they do for `strata dump`.
    static func references(_ bytes: [UInt8]) throws {
        let whole = text(bytes)
        let parts = whole.components(separatedBy: "\n%%\n")
        let config = parts[0]
        let arguments = parts.dropFirst().joined(separator: "\n").split(separator: "\n").map(String.init)
        let name = config.hasPrefix("{") ? "fuzz.json" : "fuzz.yaml"
        let path = try Scratch.write(Array(config.utf8), as: name)
        let overrides = try OverrideParser.parse(arguments, firstArgumentIndex: 3)
        _ = try ConfigLoader(environment: ["HOME": "/home/fuzz"]).load(path, overrides: overrides)
    }

    /// The table through `TableReader` (the 1 MiB block) and through a 16-byte block, so records
    /// cut by a block end are exercised too.
    static func csv(_ bytes: [UInt8]) throws {
        let path = try Scratch.write(bytes, as: "fuzz.csv")
        defer {
            if let table = try? TableReader(path: path) { while (try? table.next()) != nil {} }
        }
        let small = try CSVReader(path: path, blockSize: 16)
        while try small.next() != nil {}
    }
}

/// A per-process folder for the targets that read files (the Python reader and the loader are
/// reached through paths, as strata reaches them).
enum Scratch {
    static let folder: String = {
        let path = NSTemporaryDirectory() + "strata-fuzz-\(getpid())"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }()

    static func write(_ bytes: [UInt8], as name: String) throws -> String {
        // Plain POSIX calls: FileManager's atomic write costs milliseconds, which would cap the
        // file-reading targets near a hundred executions a second.
        let path = folder + "/" + name
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else { throw TableError(path: path, message: "fuzz: cannot write the scratch file") }
        defer { close(descriptor) }
        let written = bytes.withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress, $0.count) }
        guard written == bytes.count else { throw TableError(path: path, message: "fuzz: short write") }
        return path
    }
}
