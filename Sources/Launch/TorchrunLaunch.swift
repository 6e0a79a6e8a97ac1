import ConfigLang
import Foundation
import Stages

/// A stage launched with Open-Sora's own trainer: the config file `torchrun … train.py CONFIG`
/// reads, and the command line, with the stage's starting weights as `--model.from_pretrained`
/// (how Open-Sora chains stages, reference §7.6).
public struct TorchrunLaunch: Sendable {
    public var plan: Plan
    public var processesPerNode: Int
    public var nodes: Int?
    /// Open-Sora's training script, relative to its checkout.
    public var trainScript: String
    /// Where the config is written.
    public var configPath: String
    /// An Open-Sora training config to inherit the model, autoencoder, text encoders and plugin
    /// settings from (written as `_base_`, absolute).
    public var base: String?

    public init(plan: Plan, processesPerNode: Int, nodes: Int? = nil, trainScript: String = "scripts/diffusion/train.py",
                configPath: String, base: String? = nil) {
        self.plan = plan
        self.processesPerNode = processesPerNode
        self.nodes = nodes
        self.trainScript = trainScript
        self.configPath = configPath
        self.base = base
    }

    public var target: PlannedStage {
        guard let last = plan.stages.last else { preconditionFailure("a plan has at least its target stage") }
        return last
    }

    /// The translated config; `_base_` first when there is a base, and with a base the tables
    /// that must replace the base's rather than merge into it get `_delete_`.
    public func openSoraConfig() throws -> OpenSoraConfig {
        if Registry.standard.engine(of: target.stage.config) == .opensora {
            // Open-Sora's own types: the config as resolved, nothing to translate.
            var root = OpenSoraStageConfig.root(of: target.stage.config, runDirectory: nil)
            var entries = root.value.mapping ?? [:]
            entries["exp_name"] = ConfigNode(.string("\(plan.experiment.name)-\(target.name)-\(target.fingerprint.prefix(12))"), location: nil, history: [])
            root.value = .mapping(entries)
            let notes = base.map { [TranslationNote(.note, "--base", "stage \(target.name) is of Open-Sora's own types, so its config is written whole; \($0) is not used")] } ?? []
            return OpenSoraConfig(root: root, notes: notes)
        }
        var translated = try OpenSoraConfig.translate(target.stage.config, stage: target.name, experimentName: plan.experiment.name,
                                                      fingerprint: target.fingerprint, hasBase: base != nil)
        guard let base, case .mapping(var entries) = translated.root.value else { return translated }
        for key in ["bucket_config", "condition_config"] {
            guard let node = entries[.string(key)], case .mapping(let table) = node.value else { continue }
            var replacing: ConfigMapping = ["_delete_": ConfigNode(.bool(true), location: nil, history: [])]
            for (k, v) in table { replacing[k] = v }
            entries[.string(key)] = ConfigNode(.mapping(replacing), location: node.location, history: node.history)
        }
        let baseEntry = ConfigNode(.list([ConfigNode(.string(Self.absolute(base)), location: nil, history: [])]), location: nil, history: [])
        var withBase: ConfigMapping = ["_base_": baseEntry]
        for (k, v) in entries { withBase[k] = v }
        translated.root = ConfigNode(.mapping(withBase), location: nil, history: [])
        return translated
    }

    /// What the stage starts from, and a warning when that file does not exist yet.
    public func startingWeights() -> (path: String?, note: TranslationNote?) {
        switch target.start {
        case .seed:
            return (nil, nil)
        case .pretrained(let path):
            return (path, nil)
        case .upstream(_, let path?):
            return (path, nil)
        case .upstream(let stage, nil):
            let upstream = plan.stages.first { $0.name == stage }
            let onOpenSora = upstream.map { Registry.standard.engine(of: $0.stage.config) == .opensora } ?? false
            // Open-Sora's trainer leaves checkpoint folders; strata's engine final weights.
            let expected = (upstream?.runDirectory ?? "outputs/\(plan.experiment.name)/\(stage)") + (onOpenSora ? "/<last checkpoint>" : "/final/model.safetensors")
            return (expected, TranslationNote(.warning, "model.from_pretrained",
                "stage \(stage) has no completed run yet; the command names where its final weights will be (\(expected)) once `strata run \(stage)` has produced them"))
        }
    }

    /// `torchrun --nproc_per_node N [--nnodes M] SCRIPT CONFIG [--model.from_pretrained W]`.
    public func commandWords() -> [String] {
        let command = TorchrunCommand(processesPerNode: processesPerNode, nodes: nodes, script: trainScript)
        return command.words(config: configPath, arguments: startingWeights().path.map { ["--model.from_pretrained", $0] } ?? [])
    }

    /// The file: a comment header (what it is, from which stage, how to run it), then the config
    /// with each value's strata origin as a trailing comment.
    public func configText(_ config: OpenSoraConfig) throws -> String {
        var header = [
            "Open-Sora 2.0 training config written by `strata launch torchrun` for stage \(target.name) of experiment",
            "\(plan.experiment.name) (strata fingerprint \(target.fingerprint.prefix(12)); config \(target.stage.configFile)).",
            "Only keys scripts/diffusion/train.py reads; trailing comments give where strata took each value.",
            "Run: " + ShellQuoting.line(commandWords()),
        ]
        let notes = config.notes + [startingWeights().note].compactMap { $0 }
        if !notes.isEmpty {
            header.append("Not carried over one to one:")
            header += notes.map { "  " + $0.description }
        }
        return header.map { "# " + $0 }.joined(separator: "\n") + "\n" + (try PythonWriter.write(config.root, origins: true))
    }

    static func absolute(_ path: String) -> String {
        let joined = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        return (joined as NSString).standardizingPath
    }
}
