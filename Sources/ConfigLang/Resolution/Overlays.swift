import Foundation

/// Experiment overlays: layers that go on top of a stage config (and its bases) before the
/// command-line overrides, merged with the same rules as a child file over its base.
extension ConfigLoader {
    /// Loads `path` and its bases, merges each overlay mapping on top in order, applies the
    /// command-line overrides, then resolves late-bound `${a.b}` references.
    public func load(_ path: String, overlays: [ConfigNode], overrides: [Override]) throws -> ResolvedConfig {
        var config = try loadLayers(path)
        for overlay in overlays {
            guard case .mapping(let entries) = overlay.value else {
                throw ConfigError(.notAMapping, "an overlay must be a mapping, found a \(overlay.value.kindName)", at: overlay.location)
            }
            guard case .mapping(let base) = config.root.value else { continue }
            config.root.value = .mapping(try Merge.mapping(entries, into: base))
        }
        let (root, warnings) = try OverrideApplication.apply(overrides, to: config.root, schema: keySchema)
        config.root = try LateReferences.resolve(root)
        config.warnings = warnings
        return config
    }
}

extension ConfigLoader {
    /// Reads one file as an overlay: no `_base_`, and `_delete_` flags kept, so that the overlay
    /// can replace a mapping of the config it goes on (`ae: {_delete_: true, type: precomputed}`).
    public func loadOverlay(_ path: String) throws -> ConfigNode {
        guard let format = ConfigFormat(path: path) else {
            throw ConfigError(.unsupportedFormat, "'\(path)' is not a config file: expected .yaml, .yml, .json or .py")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigError(.missingFile, "'\(path)' does not exist or cannot be read")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(.io, "'\(path)' is not valid UTF-8 text")
        }
        let substituted = try TextSubstitution(text: text, displayPath: path, absolutePath: FilePaths.absolute(path), environment: environment)
        let document = try ParsedDocument(format: format, source: substituted.source)
        if let spec = try document.baseDeclaration() {
            throw ConfigError(.invalidBaseSpec, "an experiment file cannot have `_base_`", at: spec.location)
        }
        return try document.body(base: nil)
    }
}

extension ConfigNode {
    /// The node with every file origin in its history, and in its children's, marked as an
    /// experiment overlay (`experiments/demo.yaml:7:5 (experiment)`).
    public func markedAsExperiment() -> ConfigNode {
        var node = self
        node.history = history.map { event in
            guard case .file(let location) = event.origin else { return event }
            return ProvenanceEvent(event.action, at: .experiment(location))
        }
        switch value {
        case .mapping(let entries):
            var marked = ConfigMapping()
            for (key, child) in entries { marked[key] = child.markedAsExperiment() }
            node.value = .mapping(marked)
        case .list(let items): node.value = .list(items.map { $0.markedAsExperiment() })
        case .tuple(let items): node.value = .tuple(items.map { $0.markedAsExperiment() })
        default: break
        }
        return node
    }
}
