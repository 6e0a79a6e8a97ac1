import ConfigLang
import Foundation

/// Builds plans: resolves the chain, checks schemas and edge contracts, fingerprints every stage
/// and compares with the run records under `outputs/<experiment>/`. Runs nothing.
public struct Planner: Sendable {
    public var resolver: StageResolver
    public var strataVersion: String
    /// Ranks of the data-parallel job that will run the plan (it is in every fingerprint).
    public var worldSize: Int
    public var fileHashes: FileHashes

    public init(experiment: Experiment, overrides: StageOverrides, registry: Registry = .standard, strataVersion: String = StrataVersion.current,
                worldSize: Int = RunPlacement.launchedWorldSize(), fileHashes: FileHashes = FileHashes()) {
        self.resolver = StageResolver(experiment: experiment, overrides: overrides, registry: registry)
        self.strataVersion = strataVersion
        self.worldSize = worldSize
        self.fileHashes = fileHashes
    }

    public func plan(_ target: String) throws -> Plan {
        let chain = try resolver.chain(to: target)
        // One place for the whole chain: the target's `outputs` (an `outputs=` override moves the
        // upstream stages with it).
        let folder = experimentFolder(of: chain.last)
        for (parent, child) in zip(chain, chain.dropFirst()) {
            try Contracts.check(child: child, parent: parent, validator: resolver.validator)
        }
        var planned: [PlannedStage] = []
        var dataHashes: [String: String] = [:]
        for stage in chain {
            let upstream = planned.last
            var blockers: [ConfigError] = []
            let dataSHA256: String?
            do {
                dataSHA256 = try dataHash(of: stage, cache: &dataHashes)
                if dataSHA256 == nil, let missing = missingTable(of: stage) { blockers.append(missing) }
                if let missing = missingWeights(of: stage) { blockers.append(missing) }
            } catch let error as ConfigError {
                // Planning goes on (a cluster experiment can be planned on a laptop); running cannot.
                blockers.append(error)
                dataSHA256 = "unreadable"
            }
            let table: String? = { if case .string(let path)? = stage.value("dataset.data_path")?.value { return path } else { return nil } }()
            let inputs = FingerprintInputs(
                stage: stage.name, strataVersion: strataVersion, values: resolver.validator.roledValues(of: stage.config),
                dataSHA256: dataSHA256, upstream: upstream?.fingerprint,
                files: StageInputFiles(hashes: fileHashes).hashes(of: stage, table: table), worldSize: worldSize)
            let fingerprint = inputs.fingerprint
            let runDirectory = Paths.tidy((folder as NSString).appendingPathComponent("\(stage.name)-\(fingerprint.prefix(12))"))
            let records = RunRecord.all(in: folder).filter { $0.stage == stage.name }
            let status = self.status(of: stage, inputs: inputs, fingerprint: fingerprint, records: records, upstream: upstream)
            let start: StartingWeights
            if case .string(let path)? = stage.value("model.from_pretrained")?.value {
                start = .pretrained(path)
            } else if let upstream {
                if case .done(let record) = upstream.status {
                    start = .upstream(stage: upstream.name, path: record.finalWeightsPath)
                } else {
                    start = .upstream(stage: upstream.name, path: nil)
                }
            } else {
                start = .seed
            }
            planned.append(PlannedStage(stage: stage, inputs: inputs, fingerprint: fingerprint, runDirectory: runDirectory,
                                        status: status, start: start, overrideChanges: overrideChanges(of: stage), blockers: blockers))
        }
        fileHashes.save()
        return Plan(experiment: resolver.experiment, target: target, stages: planned)
    }

    /// `outputs/<experiment>`, from the stage's `outputs` value.
    private func experimentFolder(of stage: ResolvedStage?) -> String {
        var outputs = "outputs"
        if case .string(let root)? = stage?.value("outputs")?.value { outputs = root }
        return Paths.tidy((outputs as NSString).appendingPathComponent(resolver.experiment.name))
    }

    /// Both engines' video datasets read their table when the stage starts: without one, the stage
    /// cannot run, and `run` refuses it before any run directory exists.
    private func missingTable(of stage: ResolvedStage) -> ConfigError? {
        guard let dataset = stage.value("dataset"), case .string(let type)? = (try? dataset.descendant(at: "type"))?.value,
              type != "text" else { return nil }
        let engine = resolver.validator.registry.engine(of: stage.config)
        let owner = engine == .opensora ? "Open-Sora's \(type) dataset" : "the \(type) dataset"
        return SchemaValidator.error("stage \(stage.name): dataset.data_path is null, but \(owner) reads a table (give --dataset.data-path TABLE, or data_path in the experiment's overlay)", at: dataset)
    }

    /// strata's engine loads `model.from_pretrained` from this machine (Open-Sora's trainer may
    /// also fetch a hub name, so only strata's stages are checked).
    private func missingWeights(of stage: ResolvedStage) -> ConfigError? {
        guard resolver.validator.registry.engine(of: stage.config) == .strata, let node = stage.value("model.from_pretrained"),
              case .string(let path) = node.value, !FileManager.default.fileExists(atPath: path) else { return nil }
        return SchemaValidator.error("stage \(stage.name): model.from_pretrained '\(path)' does not exist (a .safetensors file or a checkpoint folder)", at: node)
    }

    /// SHA-256 of the dataset table, or nil when `dataset.data_path` is null.
    private func dataHash(of stage: ResolvedStage, cache: inout [String: String]) throws -> String? {
        guard let node = stage.value("dataset.data_path"), case .string(let path) = node.value else { return nil }
        if let known = cache[path] { return known }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw SchemaValidator.error("dataset.data_path: the dataset table '\(path)' does not exist (stage \(stage.name))", at: node)
        }
        do {
            let hash = try fileHashes.sha256(of: path)
            cache[path] = hash
            return hash
        } catch {
            throw SchemaValidator.error("dataset.data_path: cannot read the dataset table '\(path)'", at: node, kind: .io)
        }
    }

    private func status(of stage: ResolvedStage, inputs: FingerprintInputs, fingerprint: String, records: [RunRecord], upstream: PlannedStage?) -> StageStatus {
        if let done = records.first(where: { $0.fingerprint == fingerprint && $0.status == .completed }) {
            return .done(done)
        }
        if let stopped = records.first(where: { $0.fingerprint == fingerprint }) {
            if let pid = RunLock.holder(of: stopped.directory) {
                return .stale(reasons: ["it is running now in \(stopped.directory) (pid \(pid)); run refuses until it ends"], previous: stopped)
            }
            let how: String
            switch stopped.status {
            case .failed: how = "failed" + (stopped.error.map { ": \($0)" } ?? "")
            case .interrupted: how = "was interrupted" + (stopped.ended.map { " at \($0)" } ?? "")
            default: how = "stopped while running (killed?)"
            }
            return .stale(reasons: ["the run in \(stopped.directory) \(how); it continues there"], previous: stopped)
        }
        guard let previous = records.max(by: { $0.started < $1.started }) else { return .missing }
        return .stale(reasons: reasons(inputs: inputs, previous: previous, upstream: upstream), previous: previous)
    }

    /// Why a stage's fingerprint differs from its last run's, most specific first.
    private func reasons(inputs: FingerprintInputs, previous: RunRecord, upstream: PlannedStage?) -> [String] {
        var reasons: [String] = []
        if previous.strataVersion != inputs.strataVersion {
            reasons.append("strata \(previous.strataVersion) → \(inputs.strataVersion)")
        }
        if previous.dataSHA256 != inputs.dataSHA256 {
            reasons.append("the dataset table changed (sha256 \(short(previous.dataSHA256)) → \(short(inputs.dataSHA256)))")
        }
        for file in inputs.files where previous.fileSHA256[file.label] != file.sha256 {
            reasons.append("\(file.label) changed (sha256 \(short(previous.fileSHA256[file.label])) → \(short(file.sha256)))")
        }
        if previous.worldSize != inputs.worldSize {
            reasons.append("world size \(previous.worldSize) → \(inputs.worldSize) (ranks split the batches differently)")
        }
        let old = FingerprintInputs(stage: previous.stage, values: resolver.validator.roledValues(of: previous.config), dataSHA256: nil, upstream: nil).values
        let oldByPath = Dictionary(old.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        let newPaths = Set(inputs.values.map(\.path))
        for value in inputs.values {
            let origin = value.node.origin.map { " from \($0)" } ?? ""
            guard let before = oldByPath[value.path] else {
                reasons.append("\(value.path) = \(PythonRepr.render(value.value)) is new\(origin)")
                continue
            }
            if before.value != value.value {
                reasons.append("\(value.path) \(PythonRepr.render(before.value)) → \(PythonRepr.render(value.value))\(origin)")
            }
        }
        for value in old where !newPaths.contains(value.path) {
            reasons.append("\(value.path) = \(PythonRepr.render(value.value)) is gone")
        }
        if previous.upstreamFingerprint != inputs.upstream, let upstream {
            if upstream.status.mustRun {
                reasons.append("upstream \(upstream.name) reruns")
            } else {
                reasons.append("upstream \(upstream.name) changed (fingerprint \(short(previous.upstreamFingerprint)) → \(short(inputs.upstream)))")
            }
        }
        if reasons.isEmpty { reasons.append("its fingerprint changed (\(short(previous.fingerprint)) → \(short(inputs.fingerprint)))") }
        return reasons
    }

    private func short(_ hash: String?) -> String { hash.map { String($0.prefix(12)) } ?? "none" }

    private func overrideChanges(of stage: ResolvedStage) -> [OverrideChange] {
        guard let plain = stage.withoutOverrides else { return [] }
        return ConfigDiff(plain, stage.config, labels: ("config", "with overrides")).leaves.map { entry in
            OverrideChange(path: entry.path.description, old: entry.a?.value, new: entry.b?.value, origin: entry.b?.origin ?? entry.a?.origin)
        }
    }
}
