import Foundation
import Tensor

/// Loading weights into a model by name, non-strictly (Open-Sora's `strict_load=False`): tensors
/// that match by name and shape are copied; the rest are reported by name, never silently dropped.
public struct WeightsLoadReport: Sendable, Equatable {
    public var source: String
    public var loaded: [String] = []
    /// In the model, not in the file: they keep their initial values.
    public var missing: [String] = []
    /// In the file, not in the model: ignored.
    public var unexpected: [String] = []
    /// In both with different shapes: the model keeps its initial values.
    public var mismatched: [(name: String, file: [Int], model: [Int])] = []

    public static func == (a: WeightsLoadReport, b: WeightsLoadReport) -> Bool {
        a.source == b.source && a.loaded == b.loaded && a.missing == b.missing && a.unexpected == b.unexpected
            && a.mismatched.map(\.name) == b.mismatched.map(\.name)
    }

    public var isExact: Bool { missing.isEmpty && unexpected.isEmpty && mismatched.isEmpty }

    /// One line per problem kind, for the run's log.
    public var summary: [String] {
        var lines = ["loaded \(loaded.count) tensors from \(source)"]
        if !missing.isEmpty { lines.append("missing in the file (kept initial values): \(missing.joined(separator: ", "))") }
        if !unexpected.isEmpty { lines.append("unexpected in the file (ignored): \(unexpected.joined(separator: ", "))") }
        for entry in mismatched {
            lines.append("shape mismatch for \(entry.name): file \(entry.file), model \(entry.model) (kept initial values)")
        }
        return lines
    }
}

public enum WeightsLoading {
    /// The weights file a path names: a `.safetensors` file, or a checkpoint folder holding
    /// `model.safetensors` (strata's and Open-Sora's single-file layout).
    public static func weightsFile(_ path: String) throws -> String {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw TrainingError("weights '\(path)' do not exist")
        }
        guard isDirectory.boolValue else { return path }
        let file = (path as NSString).appendingPathComponent("model.safetensors")
        guard FileManager.default.fileExists(atPath: file) else {
            throw TrainingError("'\(path)' is a folder without model.safetensors (expected a checkpoint folder or a .safetensors file)")
        }
        return file
    }

    /// Copies every tensor of `file` that matches a parameter of `model` by name and shape.
    public static func load<Model: ParameterList>(_ file: SafetensorsFile, into model: inout Model, source: String) -> WeightsLoadReport {
        var report = WeightsLoadReport(source: source)
        var parameters = model.parameters
        let names = model.parameterNames
        for (index, name) in names.enumerated() {
            guard let stored = file[name] else { report.missing.append(name); continue }
            guard stored.shape == parameters[index].shape else {
                report.mismatched.append((name, stored.shape, parameters[index].shape))
                continue
            }
            parameters[index] = stored
            report.loaded.append(name)
        }
        let known = Set(names)
        report.unexpected = file.sortedNames.filter { !known.contains($0) }
        model.parameters = parameters
        return report
    }

    /// The model's weights as a safetensors file (names as PyTorch state-dict keys).
    public static func file<Model: ParameterList>(of model: Model, metadata: [String: String] = [:]) -> SafetensorsFile {
        SafetensorsFile(tensors: Dictionary(uniqueKeysWithValues: zip(model.parameterNames, model.parameters)), metadata: metadata)
    }
}

/// A failure while training that is not a config mistake (exit 1).
public struct TrainingError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
