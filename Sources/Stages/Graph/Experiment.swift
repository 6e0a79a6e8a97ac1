import ConfigLang
import Foundation

/// An experiment: which stages, from which config files, with which overlays. See docs/stages.md.
///
/// ```yaml
/// experiment: demo                 # outputs/demo/<stage>-<fingerprint>/
/// configs: ../configs/train        # <stage>.yaml here, unless a stage names its config
/// overlay:                         # on every stage
///   epochs: 1
/// stages:
///   image:                         # the config as shipped
///   stage1:
///     overlay: {lr: 1.0e-3}        # on this stage only, after the shared overlay
///   stage2:
///     config: ../configs/train/stage2.yaml
/// ```
public struct Experiment: Sendable {
    public struct Stage: Sendable {
        public var name: String
        public var configFile: String
        /// Where the stage was named in the experiment file, for messages.
        public var location: SourceLocation?
        public var overlay: ConfigNode?
    }

    public var name: String
    /// nil for the default experiment (every shipped stage config, no overlays).
    public var file: String?
    public var description: String?
    public var stages: [Stage]
    /// The overlay on every stage.
    public var overlay: ConfigNode?

    public func stage(_ name: String) -> Stage? { stages.first { $0.name == name } }

    /// The overlays of a stage, shared first.
    public func overlays(of stage: String) -> [ConfigNode] {
        [overlay, self.stage(stage)?.overlay].compactMap { $0 }
    }

    /// The experiment without a file: every stage config in `root/configs/train`, named after its
    /// file, written to `outputs/default/`.
    public static func shipped(root: String = ".") -> Experiment {
        folder((root as NSString).appendingPathComponent("configs/train"))
    }

    /// Every config file in a folder as a stage named after its file (an Open-Sora checkout's
    /// `configs/diffusion/train`, say), as the experiment `default`; with `fileExtension`, only the
    /// files with that extension (an Open-Sora folder's `.py` configs, not data beside them).
    public static func folder(_ folder: String, fileExtension: String? = nil) -> Experiment {
        let files = ShippedConfigs.configFiles(in: folder).filter { file in
            fileExtension.map { ($0 as String) == (file as NSString).pathExtension } ?? true
        }
        let stages = files.map { file in
            Stage(name: ((file as NSString).lastPathComponent as NSString).deletingPathExtension,
                  configFile: Paths.tidy(file), location: nil, overlay: nil)
        }
        return Experiment(name: "default", file: nil, description: nil, stages: stages, overlay: nil)
    }

    /// The stage whose config is `path` (the same file, however the path is spelled).
    public func stage(configFile path: String) -> Stage? {
        let wanted = Paths.absolute(path)
        return stages.first { Paths.absolute($0.configFile) == wanted }
    }

    /// `-e NAME` or `-e FILE`: a file path as given, else `experiments/NAME.yaml`.
    public static func locate(_ argument: String, root: String = ".") -> String {
        if FileManager.default.fileExists(atPath: argument) { return argument }
        let candidate = Paths.tidy((root as NSString).appendingPathComponent("experiments/\(argument).yaml"))
        return FileManager.default.fileExists(atPath: candidate) ? candidate : argument
    }

    static let keys = ["experiment", "description", "configs", "overlay", "stages"]

    /// Reads an experiment file (YAML, JSON or Python; no `_base_`; `_delete_` in overlays works as in a
    /// child config).
    /// Its overlays carry experiment origins (`experiments/demo.yaml:7:5 (experiment)`).
    public static func load(_ path: String) throws -> Experiment {
        let root = try ConfigLoader().loadOverlay(path).markedAsExperiment()
        guard case .mapping(let entries) = root.value else {
            throw ConfigError(.notAMapping, "an experiment file is a mapping", at: root.location)
        }
        for (key, node) in entries where !keys.contains(key.description) {
            let hint = Suggestions.closest(to: key.description, among: keys).map { "; did you mean '\($0)'?" } ?? ""
            throw SchemaValidator.error("unknown key '\(key)' in an experiment file\(hint) (keys: \(keys.joined(separator: ", ")))", at: node, preferKey: true)
        }
        let folder = (path as NSString).deletingLastPathComponent
        let stem = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        let name = try string(entries["experiment"], "experiment") ?? stem
        guard !name.isEmpty, !name.contains("/"), name != ".", name != ".." else {
            throw SchemaValidator.error("experiment: '\(name)' is not a folder name", at: entries["experiment"]!)
        }
        let configs = Paths.relative(try string(entries["configs"], "configs") ?? "../configs/train", to: folder)
        let overlay = try mapping(entries["overlay"], "overlay")
        guard let stagesNode = entries["stages"] else {
            throw ConfigError(.schema, "the experiment has no 'stages': name the stages it runs", at: root.location)
        }
        guard case .mapping(let stageEntries) = stagesNode.value, !stageEntries.isEmpty else {
            throw SchemaValidator.error("stages: expected a mapping of stage names, found \(ValueText.describe(stagesNode.value))", at: stagesNode)
        }
        var stages: [Stage] = []
        for (key, node) in stageEntries {
            let stageName = key.description
            var stage = Stage(name: stageName, configFile: ShippedConfigs.configFile(named: stageName, in: configs),
                              location: node.keyLocation ?? node.location, overlay: nil)
            switch node.value {
            case .null: break
            case .mapping(let fields):
                for (field, value) in fields where !stageKeys.contains(field.description) {
                    let hint = Suggestions.closest(to: field.description, among: stageKeys).map { "; did you mean '\($0)'?" } ?? ""
                    throw SchemaValidator.error("stages.\(stageName): unknown key '\(field)'\(hint) (keys: \(stageKeys.joined(separator: ", ")))", at: value, preferKey: true)
                }
                if let config = try string(fields["config"], "stages.\(stageName).config") {
                    stage.configFile = Paths.relative(config, to: folder)
                }
                stage.overlay = try mapping(fields["overlay"], "stages.\(stageName).overlay")
                if let edge = fields["init_from"] {
                    stage.overlay = try declaringEdge(edge, stage: stageName, on: stage.overlay)
                }
            default:
                throw SchemaValidator.error("stages.\(stageName): expected null or {config, init_from, overlay}, found \(ValueText.describe(node.value))", at: node)
            }
            stages.append(stage)
        }
        return Experiment(name: name, file: path, description: try string(entries["description"], "description"), stages: stages, overlay: overlay)
    }

    static let stageKeys = ["config", "init_from", "overlay"]

    /// `init_from: stage1` (or null) in a stage's entry declares its edge, for stage configs that
    /// do not name their upstream (Open-Sora's files): it goes on as an overlay, after the stage's
    /// own overlay, so it wins over the config file.
    private static func declaringEdge(_ edge: ConfigNode, stage: String, on overlay: ConfigNode?) throws -> ConfigNode {
        switch edge.value {
        case .null, .string: break
        default:
            throw SchemaValidator.error("stages.\(stage).init_from: expected a stage name or null, found \(ValueText.describe(edge.value))", at: edge)
        }
        var entries = overlay?.value.mapping ?? ConfigMapping()
        entries["init_from"] = edge
        return ConfigNode(.mapping(entries), location: overlay?.location ?? edge.location, history: overlay?.history ?? edge.history)
    }

    private static func string(_ node: ConfigNode?, _ path: String) throws -> String? {
        guard let node else { return nil }
        guard case .string(let text) = node.value else {
            throw SchemaValidator.error("\(path): expected a string, found \(ValueText.describe(node.value))", at: node)
        }
        return text
    }

    private static func mapping(_ node: ConfigNode?, _ path: String) throws -> ConfigNode? {
        guard let node else { return nil }
        if case .null = node.value { return nil }
        guard case .mapping = node.value else {
            throw SchemaValidator.error("\(path): expected a mapping of config values, found \(ValueText.describe(node.value))", at: node)
        }
        return node
    }
}

/// Path spelling for messages: relative paths stay relative, `a/../b` collapses.
enum Paths {
    static func relative(_ path: String, to folder: String) -> String {
        if path.hasPrefix("/") || folder.isEmpty { return tidy(path) }
        return tidy((folder as NSString).appendingPathComponent(path))
    }

    static func absolute(_ path: String) -> String {
        tidy(path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path)
    }

    static func tidy(_ path: String) -> String {
        var parts: [String] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true).map(String.init) {
            if part == "." { continue }
            if part == "..", let last = parts.last, last != ".." { parts.removeLast(); continue }
            parts.append(part)
        }
        let joined = parts.joined(separator: "/")
        return path.hasPrefix("/") ? "/" + joined : (joined.isEmpty ? "." : joined)
    }
}
