/// Applies overrides to a loaded config, strictly: keys must exist (with a did-you-mean when they
/// do not), values are read in the type of the value they replace, and each override becomes a
/// layer in the history of what it touches.
public enum OverrideApplication {
    /// The config with every override applied in order, and the warnings to show the user.
    public static func apply(_ overrides: [Override], to root: ConfigNode) throws -> (root: ConfigNode, warnings: [String]) {
        var root = root
        var warnings: [String] = []
        for override in overrides {
            warnings += DerivedValues.warnings(for: override, in: root, overrides: overrides)
            root = try apply(override, to: root, at: 0, walked: [])
        }
        return (root, warnings)
    }

    private static func apply(_ override: Override, to node: ConfigNode, at depth: Int, walked: [String]) throws -> ConfigNode {
        let segment = override.path[depth]
        let isLast = depth == override.path.count - 1
        var node = node
        switch node.value {
        case .mapping(var entries):
            if let key = matchingKey(segment, in: entries) {
                if isLast {
                    switch override.action {
                    case .remove:
                        entries.removeValue(forKey: key)
                    case .add:
                        throw failure(override, "'\(pathText(walked + [segment]))' already exists; drop the '+' to change it")
                    case .set:
                        entries[key] = try replaced(entries[key]!, by: override, path: walked + [key.description])
                    }
                } else {
                    entries[key] = try apply(override, to: entries[key]!, at: depth + 1, walked: walked + [key.description])
                }
            } else {
                guard override.action == .add else {
                    let suggestion = Suggestions.closest(to: segment, among: entries.keys.map(\.description))
                    let scope = walked.isEmpty ? "the config" : "'\(pathText(walked))'"
                    var message = "\(scope) has no key '\(segment)'"
                    if let suggestion { message += "; did you mean '\(pathText(walked + [suggestion]))'?" }
                    if isLast && override.action == .set { message += " (to add a key, write +\(override.dottedPath)=…)" }
                    throw failure(override, message)
                }
                let key = newKey(segment, beside: entries)
                if isLast {
                    entries[key] = try added(override)
                } else {
                    let empty = ConfigNode(.mapping([:]), location: nil, history: [ProvenanceEvent(.set, at: override.origin)])
                    entries[key] = try apply(override, to: empty, at: depth + 1, walked: walked + [segment])
                }
            }
            node.value = .mapping(entries)
        case .list(var items), .tuple(var items):
            let isTuple: Bool
            if case .tuple = node.value { isTuple = true } else { isTuple = false }
            let index = Int(segment).map { $0 < 0 ? items.count + $0 : $0 }
            guard let index, items.indices.contains(index) else {
                throw failure(override, "'\(pathText(walked))' is a \(node.value.kindName) of \(items.count) items; '\(segment)' is not an index of it (0 to \(items.count - 1))")
            }
            if isLast {
                switch override.action {
                case .remove: items.remove(at: index)
                case .add: throw failure(override, "'\(pathText(walked + [segment]))' already exists; drop the '+' to change it")
                case .set: items[index] = try replaced(items[index], by: override, path: walked + [segment])
                }
            } else {
                items[index] = try apply(override, to: items[index], at: depth + 1, walked: walked + [segment])
            }
            node.value = isTuple ? .tuple(items) : .list(items)
        default:
            throw failure(override, "'\(pathText(walked))' is \(article(node.value.kindName)), which has no key '\(segment)'")
        }
        return node
    }

    /// Exact key first; then the same name with `-` and `_` exchanged; then an integer key.
    static func matchingKey(_ segment: String, in entries: ConfigMapping) -> ConfigKey? {
        if entries[.string(segment)] != nil { return .string(segment) }
        let normalized = normalize(segment)
        if let key = entries.keys.first(where: { $0.stringValue.map(normalize) == normalized }) { return key }
        if let number = Int64(segment), entries[.int(number)] != nil { return .int(number) }
        return nil
    }

    private static func normalize(_ name: String) -> String {
        String(name.map { $0 == "-" ? "_" : $0 })
    }

    /// A new all-digit key is an integer when its siblings are (bucket frame counts).
    private static func newKey(_ segment: String, beside entries: ConfigMapping) -> ConfigKey {
        if let number = Int64(segment), entries.keys.allSatisfy({ if case .int = $0 { return true } else { return false } }) {
            return .int(number)
        }
        return .string(segment)
    }

    private static func replaced(_ old: ConfigNode, by override: Override, path: [String]) throws -> ConfigNode {
        let text = override.valueText ?? ""
        let value: ConfigValue
        do {
            value = try OverrideValue.read(text, replacing: old.value)
        } catch let mismatch as OverrideValue.Mismatch {
            let origin = old.origin.map { " (set at \($0))" } ?? ""
            throw failure(override, "'\(pathText(path))' is \(article(old.value.kindName))\(origin); '\(text)' is not \(mismatch.expected)")
        } catch let syntax as LiteralReader.SyntaxError {
            throw failure(override, "cannot read '\(text)': \(syntax.message)")
        }
        var node = ConfigNode(value, location: nil, keyLocation: old.keyLocation, history: old.history)
        node.history.append(ProvenanceEvent(.replaced, at: override.origin))
        return stamped(node, origin: override.origin)
    }

    private static func added(_ override: Override) throws -> ConfigNode {
        let text = override.valueText ?? ""
        do {
            let value = try OverrideValue.read(text, replacing: nil)
            return stamped(ConfigNode(value, location: nil, history: [ProvenanceEvent(.set, at: override.origin)]), origin: override.origin)
        } catch let syntax as LiteralReader.SyntaxError {
            throw failure(override, "cannot read '\(text)': \(syntax.message)")
        }
    }

    /// Gives the items of a collection written in an override the override as their origin.
    private static func stamped(_ node: ConfigNode, origin: Origin) -> ConfigNode {
        var node = node
        switch node.value {
        case .mapping(let entries):
            var out = ConfigMapping()
            for (key, child) in entries { out[key] = stamped(withHistory(child, origin), origin: origin) }
            node.value = .mapping(out)
        case .list(let items): node.value = .list(items.map { stamped(withHistory($0, origin), origin: origin) })
        case .tuple(let items): node.value = .tuple(items.map { stamped(withHistory($0, origin), origin: origin) })
        default: break
        }
        return node
    }

    private static func withHistory(_ node: ConfigNode, _ origin: Origin) -> ConfigNode {
        var node = node
        if node.history.isEmpty { node.history = [ProvenanceEvent(.set, at: origin)] }
        return node
    }

    static func failure(_ override: Override, _ message: String) -> ConfigError {
        ConfigError(.invalidOverride, "\(override.origin): \(message)")
    }

    static func pathText(_ path: [String]) -> String { path.joined(separator: ".") }

    private static func article(_ noun: String) -> String {
        ["a", "e", "i", "o", "u"].contains(noun.prefix(1)) ? "an \(noun)" : "a \(noun)"
    }
}
