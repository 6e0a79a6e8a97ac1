/// mmengine's `_merge_a_into_b`: how a child layer combines with what its bases resolved to.
///
/// Mappings merge key by key (base keys keep their positions, new keys are appended); any other
/// value replaces. A mapping over a non-mapping is an error unless it says `_delete_: true`, which
/// drops the earlier value first. Every step is recorded in the nodes' histories.
///
/// Deliberate difference: `_delete_` never survives into the result. mmengine keeps it when the
/// base lacks the key, inside a mapping that replaced its base, and inside lists.
enum Merge {
    static let deleteKey = ConfigKey.string("_delete_")

    /// Merges `child` (a mapping) into `base` (a mapping).
    static func mapping(_ child: ConfigMapping, into base: ConfigMapping) throws -> ConfigMapping {
        var result = base
        // Nested flags were consumed one level up; this drops one at the top of a file, which
        // mmengine keeps as an ordinary key.
        for (key, childNode) in child where key != deleteKey {
            if case .mapping(var childEntries) = childNode.value {
                let deleteFlag = childEntries.removeValue(forKey: deleteKey)
                var stripped = childNode
                stripped.value = .mapping(stripDelete(childEntries))
                guard let baseNode = result[key] else {
                    result[key] = stripped
                    continue
                }
                if let deleteFlag, isTruthy(deleteFlag.value) {
                    result[key] = replacing(baseNode, with: stripped, deletedAt: deleteFlag.keyLocation ?? deleteFlag.location)
                    continue
                }
                guard case .mapping(let baseEntries) = baseNode.value else {
                    throw conflict(key: key, child: childNode, base: baseNode)
                }
                var merged = baseNode
                merged.value = .mapping(try mapping(childEntries, into: baseEntries))
                merged.history += stripped.history.map(asMerge)
                result[key] = merged
            } else {
                let stripped = stripDelete(childNode)
                if let baseNode = result[key] {
                    result[key] = replacing(baseNode, with: stripped, deletedAt: nil)
                } else {
                    result[key] = stripped
                }
            }
        }
        return result
    }

    /// The child's node in the base's place, with the base's history kept in front.
    static func replacing(_ base: ConfigNode, with child: ConfigNode, deletedAt: SourceLocation?) -> ConfigNode {
        var node = child
        var history = base.history
        if let deletedAt { history.append(ProvenanceEvent(.deleted, at: .file(deletedAt))) }
        history += child.history.enumerated().map { index, event in
            index == 0 && event.action == .set ? ProvenanceEvent(.replaced, at: event.origin) : event
        }
        node.history = history
        if node.keyLocation == nil { node.keyLocation = base.keyLocation }
        return node
    }

    private static func asMerge(_ event: ProvenanceEvent) -> ProvenanceEvent {
        event.action == .set ? ProvenanceEvent(.merged, at: event.origin) : event
    }

    /// Python truthiness, which is what mmengine tests `_delete_` with.
    static func isTruthy(_ value: ConfigValue) -> Bool {
        switch value {
        case .null: return false
        case .bool(let b): return b
        case .int(let i): return i != 0
        case .float(let f): return f != 0
        case .string(let s), .timestamp(let s): return !s.isEmpty
        case .list(let items), .tuple(let items): return !items.isEmpty
        case .mapping(let entries): return !entries.isEmpty
        }
    }

    /// Removes `_delete_` keys at every depth, including inside lists and tuples.
    static func stripDelete(_ node: ConfigNode) -> ConfigNode {
        var node = node
        switch node.value {
        case .mapping(let entries): node.value = .mapping(stripDelete(entries))
        case .list(let items): node.value = .list(items.map(stripDelete))
        case .tuple(let items): node.value = .tuple(items.map(stripDelete))
        default: break
        }
        return node
    }

    static func stripDelete(_ entries: ConfigMapping) -> ConfigMapping {
        var entries = entries
        entries.removeValue(forKey: deleteKey)
        for index in entries.values.indices {
            entries.values[index] = stripDelete(entries.values[index])
        }
        return entries
    }

    private static func conflict(key: ConfigKey, child: ConfigNode, base: ConfigNode) -> ConfigError {
        ConfigError(
            .mergeTypeConflict,
            "a mapping cannot be merged into '\(key)', which the base sets to a \(base.value.kindName); add `_delete_: true` to the mapping to replace the base value",
            at: child.keyLocation ?? child.location,
            notes: [ConfigError.Note("the base value was set here", at: base.location)])
    }
}
