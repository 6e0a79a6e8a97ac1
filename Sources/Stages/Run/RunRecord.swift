import ConfigLang
import Foundation

/// `run.yaml` in a run directory: what ran, from which config (resolved, with the origin of every
/// value), with which overrides, code and seed, and how it ended. Written atomically at each status
/// change, so a reader never sees half a record.
public struct RunRecord: Sendable {
    public enum Status: String, Sendable {
        /// `interrupted`: stopped by Ctrl-C or SIGTERM; the same `strata run` continues it.
        case running, completed, failed, interrupted
    }

    public static let fileName = "run.yaml"
    /// The format version of run.yaml.
    public static let formatVersion: Int64 = 1

    public var experiment: String
    public var stage: String
    public var initFrom: String?
    public var configFile: String
    public var status: Status
    public var fingerprint: String
    public var upstreamFingerprint: String?
    public var dataSHA256: String?
    public var strataVersion: String
    public var git: GitState
    public var seed: Int64
    public var started: String
    public var ended: String?
    /// The weights the stage started from (the upstream's final weights or model.from_pretrained).
    public var initWeights: String?
    /// The final weights, relative to the run directory unless absolute (a file or a folder).
    public var finalWeights: String?
    public var resumed: Bool
    /// Ranks of the data-parallel job that trained the stage (1 for an ordinary run).
    public var worldSize: Int = 1
    /// SHA-256 of the other files the stage read (`model.from_pretrained`, precomputed files).
    public var fileSHA256: [String: String] = [:]
    public var error: String?
    /// The command-line overrides, as `argument 3: --lr 1e-4`.
    public var overrides: [String]
    /// The resolved, validated config with origins.
    public var config: ConfigNode
    /// The run directory (not stored: it is where the record is).
    public var directory: String

    /// The final weights as a path usable from the working directory.
    public var finalWeightsPath: String? {
        finalWeights.map { $0.hasPrefix("/") ? $0 : Paths.tidy((directory as NSString).appendingPathComponent($0)) }
    }

    // MARK: Writing

    public func write() throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let text = "# strata run record: the resolved config with the origin of each value, and how the run went.\n"
            + YAMLWriter.write(node(), origins: true)
        let path = (directory as NSString).appendingPathComponent(Self.fileName)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    private func node() -> ConfigNode {
        func plain(_ value: ConfigValue) -> ConfigNode { ConfigNode(value, location: nil, history: []) }
        func text(_ value: String?) -> ConfigNode { plain(value.map { .string($0) } ?? .null) }
        var entries = ConfigMapping()
        entries["strata_run"] = plain(.int(Self.formatVersion))
        entries["experiment"] = text(experiment)
        entries["stage"] = text(stage)
        entries["init_from"] = text(initFrom)
        entries["config_file"] = text(configFile)
        entries["status"] = text(status.rawValue)
        entries["fingerprint"] = text(fingerprint)
        entries["upstream_fingerprint"] = text(upstreamFingerprint)
        entries["data_sha256"] = text(dataSHA256)
        entries["strata_version"] = text(strataVersion)
        entries["git"] = plain(.mapping(["commit": text(git.commit), "dirty": plain(git.dirty.map { .bool($0) } ?? .null)]))
        entries["seed"] = plain(.int(seed))
        entries["started"] = text(started)
        entries["ended"] = text(ended)
        entries["init_weights"] = text(initWeights)
        entries["final_weights"] = text(finalWeights)
        entries["resumed"] = plain(.bool(resumed))
        entries["world_size"] = plain(.int(Int64(worldSize)))
        var files = ConfigMapping()
        for (label, hash) in fileSHA256.sorted(by: { $0.key < $1.key }) { files[.string(label)] = text(hash) }
        entries["file_sha256"] = plain(.mapping(files))
        entries["error"] = text(error)
        entries["overrides"] = plain(.list(overrides.map { text($0) }))
        entries["config"] = config
        entries["origins"] = OriginMirror.mirror(of: config)
        return plain(.mapping(entries))
    }

    // MARK: Reading

    /// Whether `path` is a run directory (a folder holding run.yaml) or a run.yaml file.
    public static func isRunRecord(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return false }
        if isDirectory.boolValue {
            return FileManager.default.fileExists(atPath: (path as NSString).appendingPathComponent(fileName))
        }
        return (path as NSString).lastPathComponent == fileName
    }

    /// Reads the record of a run directory (or of its run.yaml).
    public static func read(_ path: String) throws -> RunRecord {
        let isFile = (path as NSString).lastPathComponent == fileName && !isDirectory(path)
        let directory = isFile ? (path as NSString).deletingLastPathComponent : path
        let file = Paths.tidy((directory as NSString).appendingPathComponent(fileName))
        let root = try ConfigLoader().loadLayers(file).root
        guard case .mapping(let entries) = root.value else {
            throw ConfigError(.notAMapping, "\(file) is not a run record", at: root.location)
        }
        func field(_ name: String) throws -> ConfigNode {
            guard let node = entries[.string(name)] else {
                throw ConfigError(.schema, "\(file) is not a strata run record: it has no '\(name)'", at: root.location)
            }
            return node
        }
        func text(_ name: String) throws -> String? {
            let node = try field(name)
            switch node.value {
            case .null: return nil
            case .string(let value), .timestamp(let value): return value
            default: throw SchemaValidator.error("\(name): expected a string, found \(ValueText.describe(node.value))", at: node)
            }
        }
        func required(_ name: String) throws -> String {
            guard let value = try text(name) else { throw SchemaValidator.error("\(name) must not be null", at: try field(name)) }
            return value
        }
        let statusText = try required("status")
        guard let status = Status(rawValue: statusText) else {
            throw SchemaValidator.error("status: expected running, completed or failed, found '\(statusText)'", at: try field("status"))
        }
        guard case .int(let seed) = try field("seed").value else {
            throw SchemaValidator.error("seed: expected an integer", at: try field("seed"))
        }
        let git = try field("git").value.mapping
        var gitState = GitState(commit: nil, dirty: nil)
        if case .string(let commit)? = git?["commit"]?.value { gitState.commit = commit }
        if case .bool(let dirty)? = git?["dirty"]?.value { gitState.dirty = dirty }
        var resumed = false
        if case .bool(let flag)? = entries["resumed"]?.value { resumed = flag }
        let overrides = (try field("overrides").value.sequenceItems ?? []).compactMap { item -> String? in
            if case .string(let text) = item.value { return text }
            return nil
        }
        let config = OriginMirror.restore(try field("config"), origins: entries["origins"])
        var record = RunRecord(
            experiment: try required("experiment"), stage: try required("stage"), initFrom: try text("init_from"),
            configFile: try required("config_file"), status: status, fingerprint: try required("fingerprint"),
            upstreamFingerprint: try text("upstream_fingerprint"), dataSHA256: try text("data_sha256"),
            strataVersion: try required("strata_version"), git: gitState, seed: seed, started: try required("started"),
            ended: try text("ended"), initWeights: try text("init_weights"), finalWeights: try text("final_weights"),
            resumed: resumed, error: try text("error"), overrides: overrides, config: config, directory: directory)
        // Records written before data-parallel training have no world_size: one process.
        if case .int(let size)? = entries["world_size"]?.value { record.worldSize = Int(size) }
        for (label, node) in entries["file_sha256"]?.value.mapping ?? [:] {
            if case .string(let hash) = node.value { record.fileSHA256[label.description] = hash }
        }
        return record
    }

    private static func isDirectory(_ path: String) -> Bool {
        var flag: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &flag) && flag.boolValue
    }

    /// Every run record in the immediate sub-folders of `folder` (unreadable records are skipped:
    /// a folder being written by another process, or not a run).
    public static func all(in folder: String) -> [RunRecord] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.sorted().compactMap { name in
            let directory = Paths.tidy((folder as NSString).appendingPathComponent(name))
            guard isRunRecord(directory) else { return nil }
            return try? read(directory)
        }
    }

    /// The time now as run.yaml writes it (UTC, ISO 8601 with milliseconds, so records sort).
    public static func timestamp(_ date: Date = Date()) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }
}

/// The origins of a config as a tree of the same shape whose leaves are origin texts, so that a
/// run record read back gives every value its original origin (`configs/train/image.yaml:30:16`,
/// `argument 3: --lr 1e-4`, `experiments/demo.yaml:7:5 (experiment)`).
enum OriginMirror {
    static func mirror(of node: ConfigNode) -> ConfigNode {
        let value: ConfigValue
        switch node.value {
        case .mapping(let entries):
            var out = ConfigMapping()
            for (key, child) in entries { out[key] = mirror(of: child) }
            value = .mapping(out)
        case .list(let items), .tuple(let items):
            value = .list(items.map(mirror(of:)))
        default:
            // One layer: its origin; several: every layer, oldest first, so that `explain RUN_DIR`
            // tells the whole story (`set at image.yaml:50:5`, `replaced at argument 4: --lr 3e-4`).
            if node.history.count > 1 {
                value = .list(node.history.map { ConfigNode(.string($0.description), location: nil, history: []) })
            } else {
                value = node.origin.map { .string($0.description) } ?? .null
            }
        }
        return ConfigNode(value, location: nil, history: [])
    }

    static func restore(_ node: ConfigNode, origins: ConfigNode?) -> ConfigNode {
        var node = node
        switch node.value {
        case .mapping(let entries):
            let mirror = origins?.value.mapping
            var out = ConfigMapping()
            for (key, child) in entries { out[key] = restore(child, origins: mirror?[key]) }
            node.value = .mapping(out)
        case .list(let items), .tuple(let items):
            let mirror = origins?.value.sequenceItems
            let restored = items.enumerated().map { index, item in
                restore(item, origins: mirror.flatMap { index < $0.count ? $0[index] : nil })
            }
            if case .tuple = node.value { node.value = .tuple(restored) } else { node.value = .list(restored) }
        default:
            if case .string(let text)? = origins?.value, let origin = parse(text) {
                node.history = [ProvenanceEvent(.set, at: origin)]
                node.location = origin.location
            } else if let layers = origins?.value.sequenceItems {
                let events = layers.compactMap { layer -> ProvenanceEvent? in
                    guard case .string(let text) = layer.value else { return nil }
                    return event(text)
                }
                if events.count == layers.count, let first = events.first {
                    node.history = events
                    node.location = first.origin.location
                }
            }
        }
        return node
    }

    /// The inverse of `ProvenanceEvent.description`.
    static func event(_ text: String) -> ProvenanceEvent? {
        func origin(_ text: Substring) -> Origin? { parse(String(text)) }
        let simple: [(String, ProvenanceEvent.Action)] = [("set at ", .set), ("merged at ", .merged), ("replaced at ", .replaced),
                                                          ("removed at ", .removed), ("through the merge key at ", .mergeKey)]
        for (prefix, action) in simple where text.hasPrefix(prefix) {
            return origin(text.dropFirst(prefix.count)).map { ProvenanceEvent(action, at: $0) }
        }
        if text.hasPrefix("_delete_ at "), text.hasSuffix(" wiped the earlier value") {
            return origin(text.dropFirst("_delete_ at ".count).dropLast(" wiped the earlier value".count)).map { ProvenanceEvent(.deleted, at: $0) }
        }
        if text.hasPrefix("alias at ") {
            let rest = text.dropFirst("alias at ".count)
            if let split = rest.range(of: " of the anchor at ") {
                return origin(rest[..<split.lowerBound]).map { ProvenanceEvent(.alias(anchor: origin(rest[split.upperBound...])?.location), at: $0) }
            }
            return origin(rest).map { ProvenanceEvent(.alias(anchor: nil), at: $0) }
        }
        if text.hasPrefix("reference to "), let split = text.range(of: " at ") {
            let target = String(text[text.index(text.startIndex, offsetBy: "reference to ".count)..<split.lowerBound])
            return origin(text[split.upperBound...]).map { ProvenanceEvent(.reference(target), at: $0) }
        }
        if text.hasPrefix("computed at "), let split = text.range(of: " from ", options: .backwards) {
            let names = text[split.upperBound...].components(separatedBy: ", ")
            return origin(text[text.index(text.startIndex, offsetBy: "computed at ".count)..<split.lowerBound]).map { ProvenanceEvent(.computed(from: names), at: $0) }
        }
        return nil
    }

    /// The inverse of `Origin.description`.
    static func parse(_ text: String) -> Origin? {
        if text.hasPrefix("argument "), let colon = text.firstIndex(of: ":"),
           let index = Int(text[text.index(text.startIndex, offsetBy: 9)..<colon]) {
            return .argument(index: index, text: String(text[text.index(after: colon)...].drop { $0 == " " }))
        }
        if text.hasPrefix("<"), text.hasSuffix(">") { return .builtin(String(text.dropFirst().dropLast())) }
        let suffix = " (experiment)"
        if text.hasSuffix(suffix), let location = location(String(text.dropLast(suffix.count))) { return .experiment(location) }
        return location(text).map { .file($0) }
    }

    private static func location(_ text: String) -> SourceLocation? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count >= 3, let line = Int(parts[parts.count - 2]), let column = Int(parts[parts.count - 1]) else { return nil }
        return SourceLocation(file: parts.dropLast(2).joined(separator: ":"), line: line, column: column)
    }
}
