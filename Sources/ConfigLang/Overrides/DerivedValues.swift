/// Python configs bake names into other values when they are read (`optim = dict(lr=lr)`), so
/// overriding `lr` later leaves `optim.lr` as it was — Open-Sora's `--lr` does nothing to training.
/// We cannot re-run the file, but we know which values were computed from which names, and say so.
enum DerivedValues {
    static func warnings(for override: Override, in root: ConfigNode, overrides: [Override]) -> [String] {
        guard override.action == .set, override.path.count == 1 else { return [] }
        let name = override.path[0]
        var found: [(path: String, location: String)] = []
        collect(root, path: [], name: name, into: &found)
        let overridden = Set(overrides.map(\.dottedPath))
        return found.filter { !overridden.contains($0.path) }.map { entry in
            "\(override.origin): '\(entry.path)' was computed from '\(name)' when \(entry.location) was read and does not follow this override; override it too (--\(entry.path) …)"
        }
    }

    private static func collect(_ node: ConfigNode, path: [String], name: String, into found: inout [(path: String, location: String)]) {
        if !path.isEmpty, let event = node.history.last(where: { if case .computed = $0.action { return true } else { return false } }),
           case .computed(let names) = event.action, names.contains(name) {
            found.append((path.joined(separator: "."), event.origin.location?.file ?? event.origin.description))
            return
        }
        switch node.value {
        case .mapping(let entries):
            for (key, child) in entries { collect(child, path: path + [key.description], name: name, into: &found) }
        case .list(let items), .tuple(let items):
            for (index, child) in items.enumerated() { collect(child, path: path + [String(index)], name: name, into: &found) }
        default:
            break
        }
    }
}
