import OrderedCollections

/// Evaluates parsed expressions to config nodes, with provenance: a value read from a name
/// records `.computed(from: [name])` at the use; an operator over names records the names;
/// a value read through `_base_` records `.reference(path)`.
struct PythonEvaluator {
    /// The names bound so far, in first-binding order.
    var names: OrderedDictionary<String, ConfigNode> = [:]
    /// The resolved base config; nil when the file has none (then `_base_` is not defined).
    let base: ConfigNode?

    /// A value and the names (and `_base_` paths) it was computed from.
    struct Evaluated {
        var node: ConfigNode
        var sources: [String]
    }

    static let builtins: Set<String> = [
        "dict", "list", "tuple", "int", "float", "str", "bool", "len", "range", "print", "set",
        "min", "max", "sum", "abs", "round", "sorted", "zip", "enumerate", "open", "type",
        "isinstance", "map", "filter", "object", "getattr",
    ]

    mutating func bind(_ assignment: PythonAssignment) throws {
        var node = try evaluate(assignment.value).node
        node.keyLocation = assignment.nameLocation
        names[assignment.name] = node
    }

    func evaluate(_ expr: PythonExpr) throws -> Evaluated {
        let location = expr.location
        func literal(_ value: ConfigValue) -> Evaluated {
            Evaluated(node: ConfigNode(value, location: location), sources: [])
        }
        switch expr.kind {
        case .int(let magnitude, let text):
            guard let magnitude, magnitude <= UInt64(Int64.max) else {
                throw ConfigError(.unsupportedValue, "integer \(text) does not fit in 64 bits (strata keeps integers in 64 bits)", at: location)
            }
            return literal(.int(Int64(magnitude)))
        case .float(let d): return literal(.float(d))
        case .string(let s): return literal(.string(s))
        case .bool(let b): return literal(.bool(b))
        case .none: return literal(.null)
        case .name(let name):
            return try lookUp(name, at: location)
        case .list(let items), .tuple(let items):
            var nodes: [ConfigNode] = []
            var sources: [String] = []
            for item in items {
                let evaluated = try evaluate(item)
                var node = evaluated.node
                node.keyLocation = nil
                nodes.append(node)
                Self.merge(evaluated.sources, into: &sources)
            }
            if case .list = expr.kind { return Evaluated(node: ConfigNode(.list(nodes), location: location), sources: sources) }
            return Evaluated(node: ConfigNode(.tuple(nodes), location: location), sources: sources)
        case .dict(let entries):
            var mapping = ConfigMapping()
            var sources: [String] = []
            for entry in entries {
                let key = try evaluate(entry.key)
                let configKey: ConfigKey
                switch key.node.value {
                case .string(let s): configKey = .string(s)
                case .int(let i): configKey = .int(i)
                default:
                    throw ConfigError(.unsupportedValue, "dict key of type '\(PythonArithmetic.typeName(key.node.value))' (strata keeps int and str keys only)", at: entry.key.location)
                }
                let value = try evaluate(entry.value)
                var node = value.node
                node.keyLocation = entry.key.location
                mapping[configKey] = node
                Self.merge(key.sources + value.sources, into: &sources)
            }
            return Evaluated(node: ConfigNode(.mapping(mapping), location: location), sources: sources)
        case .dictCall(let keywords):
            if names["dict"] != nil {
                throw PythonSyntax.unsupported("function call 'dict' (the name dict is rebound in this file)", at: location)
            }
            var mapping = ConfigMapping()
            var sources: [String] = []
            for keyword in keywords {
                let value = try evaluate(keyword.value)
                var node = value.node
                node.keyLocation = keyword.nameLocation
                mapping[.string(keyword.name)] = node
                Self.merge(value.sources, into: &sources)
            }
            return Evaluated(node: ConfigNode(.mapping(mapping), location: location), sources: sources)
        case .baseReference(let steps):
            return try reference(steps, at: location)
        case .unary(let op, let operand):
            if op == .minus, case .int(let magnitude?, _) = operand.kind, magnitude == UInt64(Int64.max) + 1 {
                return literal(.int(Int64.min))
            }
            let evaluated = try evaluate(operand)
            let value = try PythonArithmetic.unary(op, evaluated.node.value, at: location)
            return computed(value, from: evaluated.sources, at: location)
        case .binary(let op, let left, let right):
            let a = try evaluate(left)
            let b = try evaluate(right)
            let value = try PythonArithmetic.binary(op, a.node.value, b.node.value, at: location)
            var sources = a.sources
            Self.merge(b.sources, into: &sources)
            return computed(value, from: sources, at: location)
        case .access(.attribute, _):
            throw PythonSyntax.unsupported("attribute access on a non-_base_ value", at: location)
        case .access(.index, _):
            throw PythonSyntax.unsupported("subscript of a non-_base_ value", at: location)
        }
    }

    func computed(_ value: ConfigValue, from sources: [String], at location: SourceLocation) -> Evaluated {
        let history = sources.isEmpty ? nil : [ProvenanceEvent(.computed(from: sources), at: .file(location))]
        return Evaluated(node: ConfigNode(value, location: location, history: history), sources: sources)
    }

    static func merge(_ new: [String], into sources: inout [String]) {
        for name in new where !sources.contains(name) { sources.append(name) }
    }

    func lookUp(_ name: String, at location: SourceLocation) throws -> Evaluated {
        if name == "_base_" {
            return try reference([], at: location)
        }
        if var node = names[name] {
            node.keyLocation = nil
            node.history.append(ProvenanceEvent(.computed(from: [name]), at: .file(location)))
            return Evaluated(node: node, sources: [name])
        }
        if Self.builtins.contains(name) {
            throw PythonSyntax.unsupported("builtin '\(name)' used as a value", at: location)
        }
        var message = "name '\(name)' is not defined"
        if base?.value.mapping?[.string(name)] != nil {
            message += " (keys of the base are not names here; write _base_.\(name))"
        }
        throw ConfigError(.pythonEval, message, at: location)
    }
}
