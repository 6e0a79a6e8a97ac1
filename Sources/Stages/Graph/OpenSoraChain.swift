import ConfigLang

/// Open-Sora 2.0's stage chain, which its config files do not write down (each stage starts from
/// the previous one's weights through `--model.from_pretrained` on the command line): image →
/// stage1 → stage2, stage1 → stage1_i2v, stage2 → stage2_i2v. A stage config without strata's
/// `stage` and `init_from` keys takes its place in this chain from its name, unless the
/// experiment declares the edge.
public enum OpenSoraChain {
    public struct Edge: Sendable {
        public var upstream: String
        /// Weight-shaping values the stage changes on purpose: the i2v stages add condition
        /// channels (`model.cond_embed`), which Open-Sora loads non-strictly.
        public var declaredChanges: [String]
    }

    public static let edges: [String: Edge] = [
        "stage1": Edge(upstream: "image", declaredChanges: []),
        "stage2": Edge(upstream: "stage1", declaredChanges: []),
        "stage1_i2v": Edge(upstream: "stage1", declaredChanges: ["model.cond_embed"]),
        "stage2_i2v": Edge(upstream: "stage2", declaredChanges: ["model.cond_embed"]),
    ]

    /// The stage config with `stage` (the experiment's name for it), `init_from` and
    /// `declared_changes` filled in where the files, overlays and overrides left them out.
    static func filled(_ root: ConfigNode, stage name: String) -> ConfigNode {
        guard case .mapping(var entries) = root.value else { return root }
        func builtin(_ value: ConfigValue, _ why: String) -> ConfigNode {
            ConfigNode(value, location: nil, history: [ProvenanceEvent(.set, at: .builtin(why))])
        }
        if entries["stage"] == nil {
            entries["stage"] = builtin(.string(name), "the experiment's name for the stage")
        }
        if entries["init_from"] == nil {
            let edge = edges[name]
            entries["init_from"] = builtin(edge.map { .string($0.upstream) } ?? .null, "Open-Sora's stage chain")
            if let edge, entries["declared_changes"] == nil, !edge.declaredChanges.isEmpty {
                let items = edge.declaredChanges.map { builtin(.string($0), "Open-Sora's stage chain") }
                entries["declared_changes"] = builtin(.list(items), "Open-Sora's stage chain")
            }
        }
        var root = root
        root.value = .mapping(entries)
        return root
    }
}
