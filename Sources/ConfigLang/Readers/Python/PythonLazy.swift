/// mmengine's LazyObject and LazyAttr: in a new-style config (`with read_base():`), `from
/// mmdet.models import RetinaNet` binds a placeholder that `Config.to_dict()` writes as the string
/// `"mmdet.models.RetinaNet"`. strata never imports anything either: the placeholder is kept as a
/// marked string while the file runs (so it can be stored, copied and read back as a placeholder)
/// and written as mmengine's text at the end. Any other use of it is refused.
enum PythonLazy: Sendable, Equatable {
    /// `from module import imported` (imported nil: `import module as x` / `import module`).
    case object(module: String, imported: String?)
    /// An attribute of a placeholder: mmengine's `LazyAttr(name)` with its `module`.
    case attribute(module: String, name: String)

    /// What `to_dict()` writes: `f'{obj.module}.{str(obj)}'`.
    var text: String {
        switch self {
        case .object(let module, let imported): return module + "." + (imported ?? module)
        case .attribute(let module, let name): return module + "." + name
        }
    }

    /// `placeholder.name`, with LazyAttr's rules for its module.
    func attribute(_ name: String) -> PythonLazy {
        switch self {
        case .object(let module, nil): return .attribute(module: module, name: name)
        case .object(let module, let imported?): return .attribute(module: module + "." + imported, name: name)
        case .attribute(let module, let inner): return .attribute(module: module + "." + inner, name: name)
        }
    }

    /// A private-use scalar no config text starts with, then the fields.
    static let marker = "\u{F8FF}strata-lazy\u{1}"

    var encoded: String {
        switch self {
        case .object(let module, let imported): return Self.marker + "o\u{1}" + module + "\u{1}" + (imported ?? "\u{2}")
        case .attribute(let module, let name): return Self.marker + "a\u{1}" + module + "\u{1}" + name
        }
    }

    static func decode(_ value: ConfigValue) -> PythonLazy? {
        guard case .string(let s) = value, s.hasPrefix(marker) else { return nil }
        let fields = s.dropFirst(marker.count).split(separator: "\u{1}", omittingEmptySubsequences: false).map(String.init)
        guard fields.count == 3 else { return nil }
        if fields[0] == "o" { return .object(module: fields[1], imported: fields[2] == "\u{2}" ? nil : fields[2]) }
        return .attribute(module: fields[1], name: fields[2])
    }

    /// Whether a value holds a placeholder anywhere.
    static func occurs(in value: ConfigValue) -> Bool {
        switch value {
        case .string(let s): return s.hasPrefix(marker)
        case .list(let items), .tuple(let items): return items.contains { occurs(in: $0.value) }
        case .mapping(let m): return m.values.contains { occurs(in: $0.value) }
        default: return false
        }
    }

    /// The value with every placeholder written as mmengine's text.
    static func written(_ node: ConfigNode) -> ConfigNode {
        var node = node
        switch node.value {
        case .string: if let lazy = decode(node.value) { node.value = .string(lazy.text) }
        case .list(let items): node.value = .list(items.map(written))
        case .tuple(let items): node.value = .tuple(items.map(written))
        case .mapping(let m): node.value = .mapping(m.mapValues(written))
        default: break
        }
        return node
    }
}
