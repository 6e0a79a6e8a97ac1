/// Late-bound references, `${a.b}`: resolved once every layer (bases, experiment overlays,
/// command-line overrides) is in place, so they follow overrides — unlike mmengine's early-bound
/// `{{ _base_.x }}`, which we keep as mmengine has it.
///
/// A string that is exactly `${path}` takes the referenced value with its type; `${path}` inside a
/// longer string is replaced by the scalar's text. `\${` writes a literal `${`.
/// Path segments are mapping keys; an all-digit segment indexes a list or tuple, or names an
/// integer key. Cycles are errors that show the whole cycle.
public enum LateReferences {
    public static func resolve(_ root: ConfigNode) throws -> ConfigNode {
        var resolver = Resolver(root: root)
        return try resolver.resolveNode(root, path: [])
    }

    struct Resolver {
        /// The longest chain of references followed (`a: ${b}`, `b: ${c}`, …).
        static let maximumChain = 200
        let root: ConfigNode
        /// Paths being resolved, in order, with the location of the reference that led there.
        var inProgress: [(path: String, location: SourceLocation?)] = []
        var done: [String: ConfigNode] = [:]

        init(root: ConfigNode) { self.root = root }

        mutating func resolveNode(_ node: ConfigNode, path: [String]) throws -> ConfigNode {
            var node = node
            switch node.value {
            case .string(let text) where text.contains("${"):
                return try resolveString(text, node: node, path: path)
            case .mapping(let entries):
                var resolved = ConfigMapping()
                for (key, child) in entries {
                    resolved[key] = try resolveNode(child, path: path + [key.description])
                }
                node.value = .mapping(resolved)
            case .list(let items):
                node.value = .list(try items.enumerated().map { try resolveNode($1, path: path + [String($0)]) })
            case .tuple(let items):
                node.value = .tuple(try items.enumerated().map { try resolveNode($1, path: path + [String($0)]) })
            default:
                break
            }
            return node
        }

        private mutating func resolveString(_ text: String, node: ConfigNode, path: [String]) throws -> ConfigNode {
            let pieces = try ReferenceSyntax.split(text, at: node.location)
            if pieces.count == 1, case .reference(let target) = pieces[0] {
                var value = try lookUp(target, from: node)
                value.location = node.location
                value.keyLocation = node.keyLocation
                // The site's own history, the reference, then what the target went through: the
                // value's origin is where its value was last set (`--lr 2e-4` for `optim.lr: ${lr}`),
                // not the site that referred to it. `explain` shows the target's part nested.
                value.history = node.history + [ProvenanceEvent(.reference(target), at: node.origin ?? .builtin("reference"))] + value.history
                return value
            }
            var out = ""
            for piece in pieces {
                switch piece {
                case .text(let literal):
                    out += literal
                case .reference(let target):
                    let value = try lookUp(target, from: node)
                    guard let rendered = ReferenceSyntax.interpolationText(value.value) else {
                        throw ConfigError(.referenceMissing, "${\(target)} is a \(value.value.kindName); only scalars can be placed inside a longer string", at: node.location)
                    }
                    out += rendered
                }
            }
            var result = node
            result.value = .string(out)
            return result
        }

        private mutating func lookUp(_ target: String, from site: ConfigNode) throws -> ConfigNode {
            if let cached = done[target] { return cached }
            if let start = inProgress.firstIndex(where: { $0.path == target }) {
                let cycle = inProgress[start...].map(\.path) + [target]
                throw ConfigError(
                    .referenceCycle, "reference cycle: " + cycle.map { "${\($0)}" }.joined(separator: " → "),
                    at: site.location,
                    notes: inProgress[start...].compactMap { step in step.location.map { .init("${\(step.path)} is referenced here", at: $0) } })
            }
            let found = try ReferenceSyntax.find(target, in: root, from: site.location)
            // Each step of a chain of references is a level of recursion: bound it, as nesting is.
            guard inProgress.count < Self.maximumChain else {
                let first = inProgress[0]
                throw ConfigError(
                    .referenceCycle, "a chain of more than \(Self.maximumChain) references (${\(first.path)} → ${\(inProgress[1].path)} → … → ${\(target)}); refer to the value directly",
                    at: site.location, notes: first.location.map { [.init("the chain starts here", at: $0)] } ?? [])
            }
            inProgress.append((target, site.location))
            defer { inProgress.removeLast() }
            let resolved = try resolveNode(found, path: target.split(separator: ".").map(String.init))
            done[target] = resolved
            return resolved
        }
    }
}
