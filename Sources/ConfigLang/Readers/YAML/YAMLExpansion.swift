/// How many values a YAML document stands for once its aliases are followed. Anchored nodes are
/// shared while reading, as PyYAML shares them, but every consumer of a config (resolution,
/// dump, diff, fingerprints) visits each value at each place it appears: nine levels of nine
/// aliases is 387 million values. Such a document is refused before anything walks it.
struct YAMLExpansion {
    /// The most values a document may expand to; real configs are a few thousand.
    static let limit = 1_000_000

    private var sizes: [ObjectIdentifier: Int] = [:]
    /// The alias whose target is largest, for the message.
    private(set) var largestAlias: (node: YAMLNode, size: Int)?

    /// The expanded size of `node`, saturating just above the limit.
    mutating func size(of node: YAMLNode) -> Int {
        let id = ObjectIdentifier(node)
        if let known = sizes[id] { return known }
        var total = 1
        switch node.content {
        case .scalar:
            break
        case .alias(let target):
            total = size(of: target)
            if total > largestAlias?.size ?? 0 { largestAlias = (node, total) }
        case .sequence(let items):
            for item in items where total <= Self.limit { total += size(of: item) }
        case .mapping:
            // Merge keys (`<<: [*a, *b]`) add the merged keys once each, as flattening does.
            for (key, value) in flattened(node) where total <= Self.limit { total += size(of: key) + size(of: value) }
        }
        total = min(total, Self.limit + 1)
        sizes[id] = total
        return total
    }

    private var flattenedPairs: [ObjectIdentifier: [(key: YAMLNode, value: YAMLNode)]] = [:]

    /// A mapping's pairs after merge keys, one per distinct key (a scalar key by its text): what
    /// the constructor keeps. Which duplicate wins does not change the count much, so the first
    /// explicit one does.
    private mutating func flattened(_ node: YAMLNode) -> [(key: YAMLNode, value: YAMLNode)] {
        let id = ObjectIdentifier(node)
        if let known = flattenedPairs[id] { return known }
        guard case .mapping(let pairs) = node.content else { return [] }
        var seen = Set<String>()
        var out: [(key: YAMLNode, value: YAMLNode)] = []
        func name(_ key: YAMLNode) -> String {
            if case .scalar(let text) = key.resolved.content { return "s:" + text }
            return "n:\(ObjectIdentifier(key.resolved).hashValue)"
        }
        var merges: [YAMLNode] = []
        for pair in pairs {
            if pair.key.resolved.tag == .merge {
                let merged = pair.value.resolved
                if case .sequence(let items) = merged.content { merges += items.map(\.resolved) } else { merges.append(merged) }
                continue
            }
            if seen.insert(name(pair.key)).inserted { out.append(pair) }
        }
        for merged in merges {
            for pair in flattened(merged) where seen.insert(name(pair.key)).inserted { out.append(pair) }
        }
        flattenedPairs[id] = out
        return out
    }

    /// An error when the document behind `root` expands beyond the limit.
    static func check(_ root: YAMLNode, source: SourceText) throws {
        var expansion = YAMLExpansion()
        guard expansion.size(of: root) > limit else { return }
        let site = expansion.largestAlias.map { source.location(of: $0.node) } ?? source.location(of: root)
        throw ConfigError(
            .unsupportedValue,
            "the document expands to more than \(limit) values through its aliases (each alias stands for a whole copy of its anchor's value); nest fewer aliases",
            at: site)
    }
}
