import ArgumentParser
import Buckets
import CLISupport
import ConfigLang
import DataTable
import Foundation
import Progress

struct DataBuckets: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "buckets",
        abstract: "Show where a config's bucket_config puts a dataset: samples and batches per bucket, drops and why, steps per epoch.",
        discussion: """
        Reads bucket_config, ae_spatial_compression, dataset.fps_max, seed and dataset.data_path from \
        the config (overrides as for every verb). A relative data_path is taken from the current \
        directory if it exists there, else from the config file's folder. The numbers are those the \
        training sampler uses (same assignment, same drop_last rule).

        Example:
          strata data buckets configs/train/stage1.yaml --dataset.data_path \\
            data/train.csv --ranks 8
        """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @OptionGroup var source: ConfigSource
    @Option(help: "Data-parallel ranks to split the batches across (steps per epoch depend on it).")
    var ranks = 1
    @Option(help: "The epoch to plan (buckets are re-drawn every epoch).")
    var epoch = 0
    @Option(help: "Output: text (a table) or json.")
    var format: Format = .text
    @Flag(help: "With --format json: add every row's bucket ([resolution, frames, ratio], or the drop reason).")
    var assignments = false
    @Option(help: "Threads for the assignment (default: the number of cores).")
    var workers: Int?

    func run() throws {
        guard ranks >= 1 else { throw CommandFailure.usage("--ranks must be at least 1, got \(ranks)") }
        guard epoch >= 0 else { throw CommandFailure.usage("--epoch must be 0 or more, got \(epoch)") }
        if let workers, workers < 1 { throw CommandFailure.usage("--workers must be at least 1, got \(workers)") }
        let config = try source.load()
        let settings = try BucketConfig(config: config.root)
        let seed = try Self.seed(config.root)
        let dataPath = try Self.dataPath(config.root, configFile: source.config)
        let table: SampleTable
        do {
            table = try SampleTable.read(dataPath)
        } catch let error as TableError {
            // The table named by the config is missing or of the wrong shape: an input mistake.
            throw CommandFailure.usage(error.description)
        }
        let bucket = Bucket(settings)
        let sampler = try VariableBatchSampler(bucket: bucket, samples: table.samples, seed: seed, numReplicas: ranks, rank: 0,
                                               workers: workers ?? ProcessInfo.processInfo.activeProcessorCount)
        let plan = sampler.plan(epoch: epoch)
        let report = BucketReport(plan: plan, bucket: bucket, samples: table.samples, seed: seed)
        for warning in report.warnings { Diagnostics.shared.warn(warning) }
        if table.invalidCount > 0 {
            let first = table.invalidRows.prefix(5).map { "line \($0.line): \($0.reason)" }.joined(separator: "; ")
            Diagnostics.shared.warn("\(table.invalidCount) row(s) of \(dataPath) have unreadable shape metadata and are dropped (\(first))")
        }
        switch format {
        case .text:
            print(report.text(data: dataPath, rows: table.samples.count))
        case .json:
            let rows = assignments ? (0..<table.samples.count).map { RowAssignment(plan.assignment.decision(at: $0, in: bucket), bucket) } : nil
            let document = BucketReportJSON(data: dataPath, rows: table.samples.count, aeSpatialCompression: settings.spatialCompression,
                                            fpsMax: settings.fpsMax, report: report, assignments: rows)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            encoder.keyEncodingStrategy = .convertToSnakeCase
            FileHandle.standardOutput.write(try encoder.encode(document))
            FileHandle.standardOutput.write(Data("\n".utf8))
        }
    }

    /// The sampler seed: `seed` (Open-Sora's default 1024 when absent or null); numpy takes no negative seed.
    static func seed(_ root: ConfigNode) throws -> UInt64 {
        guard let node = root.value.mapping?[.string("seed")], node.value != .null else { return 1024 }
        guard case .int(let value) = node.value, value >= 0 else {
            throw located("seed must be a non-negative integer (numpy's default_rng takes no negative seed), found \(node.value.kindName)", node)
        }
        return UInt64(value)
    }

    /// `dataset.data_path`: absolute as is; relative, from the current directory when it exists
    /// there, else from the folder of the config file.
    static func dataPath(_ root: ConfigNode, configFile: String) throws -> String {
        let dataset = root.value.mapping?[.string("dataset")]
        guard let node = dataset?.value.mapping?[.string("data_path")], case .string(let path) = node.value, !path.isEmpty else {
            let where_ = dataset?.value.mapping?[.string("data_path")] ?? dataset ?? root
            throw located("dataset.data_path is not set: give the table with --dataset.data_path PATH", where_)
        }
        if path.hasPrefix("/") || FileManager.default.fileExists(atPath: path) { return path }
        let folder = (configFile as NSString).deletingLastPathComponent
        let besideConfig = folder.isEmpty ? path : (folder as NSString).appendingPathComponent(path)
        guard FileManager.default.fileExists(atPath: besideConfig) else {
            throw CommandFailure.runtime("dataset.data_path '\(path)' (set at \(node.origin?.description ?? "the config")) does not exist in the current directory nor beside the config (\(besideConfig))")
        }
        return besideConfig
    }

    private static func located(_ message: String, _ node: ConfigNode) -> ConfigError {
        if node.location == nil, let origin = node.origin { return ConfigError(.unsupportedValue, "\(origin): \(message)") }
        return ConfigError(.unsupportedValue, message, at: node.location ?? node.keyLocation)
    }
}

/// One row's bucket in JSON: `[resolution, frames, ratio]`, or the drop reason as a string.
struct RowAssignment: Encodable {
    var bucket: (String, Int, String)?
    var reason: String?

    init(_ decision: BucketDecision, _ bucket: Bucket) {
        switch decision {
        case .assigned(let key): self.bucket = bucket.describe(key)
        case .dropped(let reason): self.reason = reason.rawValue
        }
    }

    func encode(to encoder: Encoder) throws {
        if let bucket {
            var container = encoder.unkeyedContainer()
            try container.encode(bucket.0)
            try container.encode(bucket.1)
            try container.encode(bucket.2)
        } else {
            var container = encoder.singleValueContainer()
            try container.encode(reason ?? "")
        }
    }
}

struct BucketReportJSON: Encodable {
    var data: String
    var rows: Int
    /// `ae_spatial_compression` in the JSON (snake_case keys).
    var aeSpatialCompression: Int
    var fpsMax: Double
    var report: BucketReport
    var assignments: [RowAssignment]?
}
