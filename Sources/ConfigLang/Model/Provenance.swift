/// One step in a value's history.
public struct ProvenanceEvent: Hashable, Sendable, CustomStringConvertible {
    public enum Action: Hashable, Sendable {
        /// The layer wrote this value where there was none before.
        case set
        /// The layer's mapping was merged into an existing mapping (keys not mentioned survive).
        case merged
        /// The layer's value replaced an earlier value.
        case replaced
        /// `_delete_: true` wiped the earlier mapping before this layer's mapping took its place.
        case deleted
        /// The key was removed (an override `~key`).
        case removed
        /// The value was reached through a YAML alias (`*name`) written at this origin; the anchor is
        /// the location given.
        case alias(anchor: SourceLocation?)
        /// The value came through a YAML merge key (`<<`) written at this origin.
        case mergeKey
        /// A reference (`{{_base_.a.b}}`, `_base_.a.b`, `${a.b}`) that resolved to the value at that path.
        case reference(String)
        /// A Python expression computed the value from names bound earlier in the same file.
        case computed(from: [String])
    }

    public var action: Action
    public var origin: Origin

    public init(_ action: Action, at origin: Origin) {
        self.action = action
        self.origin = origin
    }

    public var description: String {
        switch action {
        case .set: return "set at \(origin)"
        case .merged: return "merged at \(origin)"
        case .replaced: return "replaced at \(origin)"
        case .deleted: return "_delete_ at \(origin) wiped the earlier value"
        case .removed: return "removed at \(origin)"
        case .alias(let anchor):
            return "alias at \(origin)" + (anchor.map { " of the anchor at \($0)" } ?? "")
        case .mergeKey: return "through the merge key at \(origin)"
        case .reference(let path): return "reference to \(path) at \(origin)"
        case .computed(let names):
            return "computed at \(origin) from \(names.joined(separator: ", "))"
        }
    }
}
