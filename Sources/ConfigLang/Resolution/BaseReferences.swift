/// Early-bound `{{ _base_.a.b }}` references: the placeholder strings that `TextSubstitution` put
/// into the text are swapped for the value the combined base has at that path, when the file that
/// contains them is loaded (so later layers do not change them, as in mmengine).
enum BaseReferences {
    static func substitute(_ references: [TextSubstitution.BaseReference], in node: ConfigNode, base: ConfigMapping?) throws -> ConfigNode {
        guard !references.isEmpty else { return node }
        let byToken = Dictionary(uniqueKeysWithValues: references.map { ($0.token, $0) })
        return try replace(node, byToken, base: base)
    }

    private static func replace(_ node: ConfigNode, _ references: [String: TextSubstitution.BaseReference], base: ConfigMapping?) throws -> ConfigNode {
        var node = node
        switch node.value {
        case .string(let text):
            if let reference = references[text] {
                return try resolved(reference, base: base, at: node)
            }
            if let reference = references.first(where: { text.contains($0.key) })?.value {
                throw ConfigError(.baseRefInvalid, "{{ _base_.\(reference.path) }} must be a whole value, not part of a string (mmengine would insert a random placeholder here)", at: reference.location)
            }
        case .mapping(let entries):
            var replaced = ConfigMapping()
            for (key, child) in entries {
                if case .string(let name) = key, let reference = references.first(where: { name.contains($0.key) })?.value {
                    throw ConfigError(.baseRefInvalid, "{{ _base_.\(reference.path) }} cannot be used as a key", at: reference.location)
                }
                replaced[key] = try replace(child, references, base: base)
            }
            node.value = .mapping(replaced)
        case .list(let items):
            node.value = .list(try items.map { try replace($0, references, base: base) })
        case .tuple(let items):
            node.value = .tuple(try items.map { try replace($0, references, base: base) })
        default:
            break
        }
        return node
    }

    /// Walks the base by mapping keys, as mmengine does (no list indexing; keys are strings).
    private static func resolved(_ reference: TextSubstitution.BaseReference, base: ConfigMapping?, at site: ConfigNode) throws -> ConfigNode {
        guard let base else {
            throw ConfigError(.baseRefMissing, "{{ _base_.\(reference.path) }} is used, but this file has no `_base_`", at: reference.location)
        }
        var current = ConfigNode(.mapping(base), location: nil)
        var walked: [String] = []
        for segment in reference.path.split(separator: ".", omittingEmptySubsequences: false).map(String.init) {
            guard case .mapping(let entries) = current.value else {
                throw ConfigError(.baseRefInvalid, "{{ _base_.\(reference.path) }}: '\(walked.joined(separator: "."))' is a \(current.value.kindName), not a mapping", at: reference.location)
            }
            guard let next = entries[.string(segment)] else {
                let scope = walked.isEmpty ? "the base" : "'\(walked.joined(separator: "."))' in the base"
                throw ConfigError(.baseRefMissing, "{{ _base_.\(reference.path) }}: \(scope) has no key '\(segment)'", at: reference.location)
            }
            walked.append(segment)
            current = next
        }
        var node = current
        node.location = site.location
        node.keyLocation = site.keyLocation
        node.history.append(ProvenanceEvent(.reference("_base_.\(reference.path)"), at: .file(reference.location)))
        return node
    }
}
