import ConfigLang

/// What the config verbs (dump, explain, diff) accept: a config file, or a run directory (or its
/// run.yaml), whose recorded config comes back with the origin of every value.
public enum ConfigInput {
    public static func load(_ path: String, overrides: [Override]) throws -> ResolvedConfig {
        guard RunRecord.isRunRecord(path) else {
            return try ConfigLoader(keySchema: RegistryKeySchema.standard).load(path, overrides: overrides)
        }
        let record = try RunRecord.read(path)
        let (root, warnings) = try OverrideApplication.apply(overrides, to: record.config, schema: RegistryKeySchema.standard)
        return ResolvedConfig(root: try LateReferences.resolve(root), files: [Paths.tidy(record.directory + "/" + RunRecord.fileName)], warnings: warnings)
    }

    /// Whether a file is an experiment file (a top-level `stages` mapping and no `stage` key), so
    /// that `diff` compares two experiments stage by stage.
    public static func isExperiment(_ path: String) -> Bool {
        guard !RunRecord.isRunRecord(path), let root = try? ConfigLoader().loadLayers(path).root,
              case .mapping(let entries) = root.value else { return false }
        return entries["stages"]?.value.isMapping == true && entries["stage"] == nil
    }
}
