import ConfigLang
import Foundation
import Stages

/// A stage of Open-Sora's own types as the config its trainer reads. Nothing is translated: the
/// resolved config as its files, experiment overlays and overrides made it, less what strata added
/// (the stage-graph keys and the schema's defaults, which Open-Sora's code supplies itself), with
/// the experiment folder pointed at strata's run directory.
public enum OpenSoraStageConfig {
    /// strata's stage-graph keys: never read by Open-Sora's trainer.
    static let graphKeys: Set<String> = ["stage", "init_from", "declared_changes"]

    /// The config for the trainer. `runDirectory` becomes Open-Sora's experiment folder
    /// (`outputs/exp_name`), so its checkpoints land in strata's run directory and a restart with
    /// the same name reuses it.
    public static func root(of config: ConfigNode, runDirectory: String?) -> ConfigNode {
        guard case .mapping(let entries) = config.value else { return config }
        var out = ConfigMapping()
        for (key, child) in entries where !graphKeys.contains(key.description) && !isDefault(child) {
            out[key] = withoutDefaults(child)
        }
        if let runDirectory {
            let tidy = (runDirectory as NSString).standardizingPath
            let folder = (tidy as NSString).deletingLastPathComponent
            let origin = Origin.builtin("strata's run directory")
            out["outputs"] = ConfigNode(.string(folder.isEmpty ? "." : folder), location: nil, history: [ProvenanceEvent(.set, at: origin)])
            out["exp_name"] = ConfigNode(.string((tidy as NSString).lastPathComponent), location: nil, history: [ProvenanceEvent(.set, at: origin)])
        }
        var root = config
        root.value = .mapping(out)
        return root
    }

    /// The file: a header saying what it is, then the config with each value's origin.
    public static func text(_ root: ConfigNode, stage: String, experiment: String, fingerprint: String, configFile: String, command: [String]) throws -> String {
        let header = [
            "Open-Sora 2.0 training config written by strata for stage \(stage) of experiment \(experiment)",
            "(fingerprint \(fingerprint.prefix(12)); from \(configFile)). Trailing comments give where each value was set.",
            "Run: " + ShellQuoting.line(command),
        ]
        return header.map { "# " + $0 }.joined(separator: "\n") + "\n" + (try PythonWriter.write(root, origins: true))
    }

    /// A value strata's schema filled in: every layer of its history is a built-in default.
    static func isDefault(_ node: ConfigNode) -> Bool {
        !node.history.isEmpty && node.history.allSatisfy {
            if case .builtin = $0.origin { return true }
            return false
        }
    }

    private static func withoutDefaults(_ node: ConfigNode) -> ConfigNode {
        guard case .mapping(let entries) = node.value else { return node }
        var out = ConfigMapping()
        for (key, child) in entries where !isDefault(child) { out[key] = withoutDefaults(child) }
        var node = node
        node.value = .mapping(out)
        return node
    }
}
