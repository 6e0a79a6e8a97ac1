import Foundation

/// Where a value came from: the answer of `strata explain`.
///
/// For a leaf, its whole history oldest first (every file position or argument that set, merged,
/// replaced or deleted it), and for a `${path}` reference the history of what it resolved from.
/// For a subtree, every leaf below it with the layer that gave it its final value.
public struct Explanation: Sendable {
    public var path: String
    public var node: ConfigNode
    /// The config the path was looked up in, for following references.
    private var root: ConfigNode

    public init(_ root: ConfigNode, key: String) throws {
        guard ReferenceSyntax.isValidPath(key) else {
            throw ConfigError(.invalidOverride, "'\(key)' is not a key: expected dotted names like model.depth")
        }
        do {
            node = try ReferenceSyntax.find(key, in: root, from: nil)
        } catch let error as ConfigError {
            // The lookup speaks of `${key}`; here the key is an argument.
            throw ConfigError(.invalidOverride, error.message.replacingOccurrences(of: "${\(key)}: ", with: "key '\(key)': "))
        }
        self.path = key
        self.root = root
    }

    /// The leaves under the node (the node itself when it is a leaf), with their paths.
    public var leaves: [(path: String, node: ConfigNode)] {
        var out: [(String, ConfigNode)] = []
        Self.collectLeaves(node, path: path, into: &out)
        return out
    }

    private static func collectLeaves(_ node: ConfigNode, path: String, into out: inout [(String, ConfigNode)]) {
        switch node.value {
        case .mapping(let entries) where !entries.isEmpty:
            for (key, child) in entries { collectLeaves(child, path: path + "." + key.description, into: &out) }
        case .list(let items) where items.contains(where: { $0.value.isMapping }):
            for (index, child) in items.enumerated() { collectLeaves(child, path: path + "." + String(index), into: &out) }
        default:
            out.append((path, node))
        }
    }

    /// The text `strata explain` prints.
    public func rendered() -> String {
        var sources = SourceLines()
        var out = ""
        let leaves = self.leaves
        let isLeaf = leaves.count == 1 && leaves[0].path == path
        if isLeaf {
            out += "\(path) = \(PythonRepr.render(node.value))\n"
            renderHistory(of: node, indent: "  ", into: &out, sources: &sources, following: [path])
        } else {
            out += "\(path): \(node.value.kindName) with \(leaves.count) values\n"
            renderHistory(of: node, indent: "  ", into: &out, sources: &sources, following: [path])
            out += "  values, with the layer that set each:\n"
            let width = min(48, leaves.map { $0.path.count }.max() ?? 0)
            for leaf in leaves {
                let name = leaf.path.padding(toLength: max(width, leaf.path.count), withPad: " ", startingAt: 0)
                let origin = leaf.node.origin.map { "\($0)" } ?? "?"
                out += "    \(name)  \(PythonRepr.render(leaf.node.value))   \(origin)\n"
            }
        }
        return out
    }

    private func renderHistory(of node: ConfigNode, indent: String, into out: inout String, sources: inout SourceLines, following: [String]) {
        renderEvents(node.history[...], value: node.value, indent: indent, into: &out, sources: &sources, following: following)
    }

    /// A `${target}` event is followed by the target's own history (late references carry it):
    /// those events are shown nested under it. A history without them (an older run record) has
    /// the target looked up instead.
    private func renderEvents(_ events: ArraySlice<ProvenanceEvent>, value: ConfigValue, indent: String, into out: inout String,
                              sources: inout SourceLines, following: [String]) {
        for (number, event) in events.enumerated() {
            out += "\(indent)\(number + 1). \(Self.verb(event.action)) \(event.origin)"
            if let location = event.origin.location, let line = sources.line(location.line, of: location.file) {
                out += "    │ " + line.trimmingWhitespace
            }
            out += "\n"
            guard case .reference(let target) = event.action, !target.hasPrefix("_base_") else { continue }
            let rest = events.dropFirst(number + 1)
            if !rest.isEmpty {
                out += "\(indent)   ${\(target)} resolved from \(target) = \(PythonRepr.render(value)):\n"
                renderEvents(rest, value: value, indent: indent + "     ", into: &out, sources: &sources, following: following + [target])
                return
            }
            if !following.contains(target), let resolved = try? ReferenceSyntax.find(target, in: root, from: nil) {
                out += "\(indent)   ${\(target)} resolved from \(target) = \(PythonRepr.render(resolved.value)):\n"
                renderHistory(of: resolved, indent: indent + "     ", into: &out, sources: &sources, following: following + [target])
            }
        }
    }

    static func verb(_ action: ProvenanceEvent.Action) -> String {
        switch action {
        case .set: return "set at"
        case .merged: return "merged at"
        case .replaced: return "replaced at"
        case .deleted: return "_delete_ wiped it at"
        case .removed: return "removed at"
        case .alias(let anchor): return "alias" + (anchor.map { " of the anchor at \($0)," } ?? "") + " used at"
        case .mergeKey: return "merged in through << at"
        case .reference(let target): return "reference ${\(target.hasPrefix("_base_") ? "{" + target + "}" : target)} at"
        case .computed(let names): return "computed from \(names.joined(separator: ", ")) at"
        }
    }
}
