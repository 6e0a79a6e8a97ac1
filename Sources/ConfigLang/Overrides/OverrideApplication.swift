/// Applies overrides to a loaded config, strictly: keys must exist in the config or be declared
/// by the consumer's schema (with a did-you-mean over both when they are neither), values are read
/// in the type of the value they replace (or the declared type), and each override becomes a layer
/// in the history of what it touches.
public enum OverrideApplication {
    /// The config with every override applied in order, and the warnings to show the user.
    /// `schema` declares the keys the consumer reads that the config may not set.
    public static func apply(_ overrides: [Override], to root: ConfigNode, schema: (any KeySchema)? = nil) throws -> (root: ConfigNode, warnings: [String]) {
        var root = root
        var warnings: [String] = []
        for override in overrides {
            warnings += DerivedValues.warnings(for: override, in: root, overrides: overrides)
            let walk = Walk(override: override, root: root, schema: schema)
            root = try walk.apply(to: root, at: 0, walked: [])
        }
        return (root, warnings)
    }

    /// One override on its way down the tree.
    private struct Walk {
        let override: Override
        /// The config before this override, for the schema's questions.
        let root: ConfigNode
        let schema: (any KeySchema)?

        func declared(under walked: [ConfigKey]) -> [DeclaredKey] {
            schema?.declaredKeys(at: walked, in: root) ?? []
        }

        func apply(to node: ConfigNode, at depth: Int, walked: [ConfigKey]) throws -> ConfigNode {
            let segment = override.path[depth]
            let isLast = depth == override.path.count - 1
            let names = walked.map(\.description)
            var node = node
            switch node.value {
            case .mapping(var entries):
                if let key = matchingKey(segment, in: entries) {
                    if isLast {
                        switch override.action {
                        case .remove:
                            entries.removeValue(forKey: key)
                        case .add:
                            throw failure(override, "'\(pathText(names + [segment]))' already exists; drop the '+' to change it")
                        case .set:
                            let kind = declared(under: walked).first { $0.name == key.description }?.kind
                            entries[key] = try replaced(entries[key]!, by: override, path: names + [key.description], declared: kind)
                        }
                    } else {
                        entries[key] = try apply(to: entries[key]!, at: depth + 1, walked: walked + [key])
                    }
                } else {
                    let declaredKeys = declared(under: walked)
                    let normalized = normalize(segment)
                    let declaredKey = declaredKeys.first { normalize($0.name) == normalized }
                        ?? declaredKeys.first { $0.name == DeclaredKey.anyName }.map { DeclaredKey(normalized, $0.kind) }
                    guard override.action == .add || (override.action == .set && declaredKey != nil) else {
                        let candidates = entries.keys.map(\.description) + declaredKeys.map(\.name).filter { name in !entries.keys.contains { $0.description == name } }
                        let suggestion = Suggestions.closest(to: segment, among: candidates)
                        let scope = names.isEmpty ? "the config" : "'\(pathText(names))'"
                        var message = "\(scope) has no key '\(segment)'"
                        if let suggestion { message += "; did you mean '\(pathText(names + [suggestion]))'?" }
                        if isLast && override.action == .set { message += " (to add a key, write +\(pathText(override.path.map(normalize)))=…)" }
                        throw failure(override, message)
                    }
                    let key = declaredKey.map { ConfigKey.string($0.name) } ?? newKey(normalized, beside: entries)
                    if isLast {
                        entries[key] = try added(override, path: names + [key.description], declared: declaredKey?.kind)
                    } else {
                        if let declaredKey, !declaredKey.kind.holdsKeys {
                            throw failure(override, "'\(pathText(names + [declaredKey.name]))' holds a single value, not keys; set it with --\(pathText(names + [declaredKey.name])) VALUE")
                        }
                        let empty = ConfigNode(.mapping([:]), location: nil, history: [ProvenanceEvent(.set, at: override.origin)])
                        // Inside a mapping this override creates, every key is new.
                        var adding = override
                        adding.action = .add
                        let inner = Walk(override: adding, root: root, schema: schema)
                        entries[key] = try inner.apply(to: empty, at: depth + 1, walked: walked + [key])
                    }
                }
                node.value = .mapping(entries)
            case .list(var items), .tuple(var items):
                let isTuple: Bool
                if case .tuple = node.value { isTuple = true } else { isTuple = false }
                let index = Int(segment).map { $0 < 0 ? items.count + $0 : $0 }
                guard let index, items.indices.contains(index) else {
                    throw failure(override, "'\(pathText(names))' is a \(node.value.kindName) of \(items.count) items; '\(segment)' is not an index of it (0 to \(items.count - 1))")
                }
                if isLast {
                    switch override.action {
                    case .remove: items.remove(at: index)
                    case .add: throw failure(override, "'\(pathText(names + [segment]))' already exists; drop the '+' to change it")
                    case .set: items[index] = try replaced(items[index], by: override, path: names + [segment], declared: nil)
                    }
                } else {
                    items[index] = try apply(to: items[index], at: depth + 1, walked: walked + [.int(Int64(index))])
                }
                node.value = isTuple ? .tuple(items) : .list(items)
            default:
                throw failure(override, "'\(pathText(names))' is \(article(node.value.kindName)), which has no key '\(segment)'")
            }
            return node
        }
    }

    /// Exact key first; then the same name with `-` and `_` exchanged; then an integer key.
    static func matchingKey(_ segment: String, in entries: ConfigMapping) -> ConfigKey? {
        if entries[.string(segment)] != nil { return .string(segment) }
        let normalized = normalize(segment)
        if let key = entries.keys.first(where: { $0.stringValue.map(normalize) == normalized }) { return key }
        if let number = Int64(segment), entries[.int(number)] != nil { return .int(number) }
        return nil
    }

    /// Open-Sora's spelling of a key (`data-path`) as the key is named (`data_path`).
    static func normalize(_ name: String) -> String {
        String(name.map { $0 == "-" ? "_" : $0 })
    }

    /// A new all-digit key is an integer when its siblings are (bucket frame counts).
    private static func newKey(_ segment: String, beside entries: ConfigMapping) -> ConfigKey {
        if let number = Int64(segment), entries.keys.allSatisfy({ if case .int = $0 { return true } else { return false } }) {
            return .int(number)
        }
        return .string(segment)
    }

    private static func replaced(_ old: ConfigNode, by override: Override, path: [String], declared: ValueKind?) throws -> ConfigNode {
        let value = try read(override, replacing: old, path: path, declared: declared)
        var node = ConfigNode(value, location: nil, keyLocation: old.keyLocation, history: old.history)
        node.history.append(ProvenanceEvent(.replaced, at: override.origin))
        return stamped(node, origin: override.origin)
    }

    private static func added(_ override: Override, path: [String], declared: ValueKind?) throws -> ConfigNode {
        let value = try read(override, replacing: nil, path: path, declared: declared)
        return stamped(ConfigNode(value, location: nil, history: [ProvenanceEvent(.set, at: override.origin)]), origin: override.origin)
    }

    /// The override's value, read in the old value's type (or the declared one), or an error that
    /// says which type was expected and where it comes from.
    private static func read(_ override: Override, replacing old: ConfigNode?, path: [String], declared: ValueKind?) throws -> ConfigValue {
        let full = override.valueText ?? ""
        let text = full.count > 80 ? full.prefix(60) + "…" : full
        do {
            return try OverrideValue.read(full, replacing: old?.value, declared: declared)
        } catch let mismatch as OverrideValue.Mismatch {
            let why: String
            if let old, old.value != .null {
                why = "is \(article(old.value.kindName))" + (old.origin.map { " (set at \($0))" } ?? "")
            } else {
                why = "is declared by the schema as \(mismatch.expected)"
            }
            throw failure(override, "'\(pathText(path))' \(why); '\(text)' is not \(mismatch.expected)")
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
