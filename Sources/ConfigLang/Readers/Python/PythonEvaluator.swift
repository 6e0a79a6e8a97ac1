import OrderedCollections

/// Evaluates parsed expressions to config nodes, with provenance: a value read from a name
/// records `.computed(from: [name])` at the use; anything computed from names (an operator, a
/// comprehension, an f-string, a call) records the names; a value read through `_base_` records
/// `.reference(path)`.
///
/// Values are copied, never shared, where Python would share one object between two names. So
/// that this never gives a different answer, an in-place change (`a["k"] = v`, `a.append(x)`) is
/// only made to a value that no other name can see: `borrowed` tracks which names' containers a
/// value holds, and a name whose containers were handed out cannot be changed in place.
struct PythonEvaluator {
    /// The names bound so far, in first-binding order.
    var names: OrderedDictionary<String, ConfigNode> = [:]
    /// The resolved base config; nil when the file has none (then `_base_` is not defined).
    var base: ConfigNode?
    /// Names bound to modules and functions (by `import`): never config values.
    var callables: [String: PythonCallable] = [:]
    /// Comprehension variables, innermost scope last.
    var scopes: [[String: Evaluated]] = []
    /// Names whose containers other values also hold (`_base_` for the base).
    var shared: Set<String> = []
    /// Names that hold containers of other names (so changing them in place would change those).
    var borrowing: Set<String> = []
    /// Names whose top-level container is another name's (or the base's) object.
    var topBorrowed: Set<String> = []
    /// Names bound to the same object as the base at a path (`m = _base_.model`, `_base_.x = m`):
    /// a change through either is made to both.
    var aliases: [String: [PathStep]] = [:]
    /// Paths of base objects that other values hold (`[]`: possibly any).
    var sharedBasePaths: [[PathStep]] = []
    /// Names bound to an mmengine ConfigDict (read from `_base_`): attribute access works on them.
    var configDicts: Set<String> = []
    /// A new-style config (`with read_base():`): imports bind mmengine LazyObjects.
    var lazyMode = false
    /// Names bound by imports in a new-style config: left out of its result.
    var imported: Set<String> = []
    /// Work done so far (comprehension iterations, items built): bounded per file.
    var steps = 0

    static let maximumSteps = 2_000_000

    init(base: ConfigNode?) {
        self.base = base
    }

    /// A value and what it was computed from.
    struct Evaluated {
        var node: ConfigNode
        /// Names (and `_base_` paths) it was computed from, for provenance.
        var sources: [String]
        /// Modules, functions and objects such as `range(3)` that are not config values.
        var callable: PythonCallable? = nil
        /// Names whose containers this value holds (not copies).
        var borrowed: Set<String> = []
        /// Its mappings are mmengine ConfigDicts (attribute access works), as everything read out
        /// of a base is.
        var configDict = false
        /// A container built by this expression (not an object read from a name or the base).
        var fresh = false
        /// The base object this value is (read straight out of `_base_`).
        var basePlace: [PathStep]? = nil

        var value: ConfigValue { node.value }
    }

    func literal(_ value: ConfigValue, at location: SourceLocation) -> Evaluated {
        Evaluated(node: ConfigNode(value, location: location), sources: [], fresh: true)
    }

    mutating func step(_ count: Int = 1, at location: SourceLocation) throws {
        steps += count
        if steps > Self.maximumSteps {
            throw ConfigError(.unsupportedValue, "this file takes more than \(Self.maximumSteps) evaluation steps (strata's limit)", at: location)
        }
    }

    mutating func evaluate(_ expr: PythonExpr) throws -> Evaluated {
        let location = expr.location
        switch expr.kind {
        case .int(let magnitude, let text):
            guard let magnitude, magnitude <= UInt64(Int64.max) else {
                throw ConfigError(.unsupportedValue, "integer \(text) does not fit in 64 bits (strata keeps integers in 64 bits)", at: location)
            }
            return literal(.int(Int64(magnitude)), at: location)
        case .float(let d): return literal(.float(d), at: location)
        case .string(let s):
            if s.hasPrefix(PythonLazy.marker) { throw ConfigError(.unsupportedValue, "a string starting with U+F8FF (strata's placeholder mark)", at: location) }
            return literal(.string(s), at: location)
        case .bool(let b): return literal(.bool(b), at: location)
        case .none: return literal(.null, at: location)
        case .fstring(let parts):
            var sources: [String] = []
            let text = try formatted(parts, sources: &sources, at: location)
            return computed(.string(text), from: sources, at: location)
        case .name(let name):
            return try lookUp(name, at: location)
        case .list(let items), .tuple(let items):
            var nodes: [ConfigNode] = []
            var result = Evaluated(node: ConfigNode(.null, location: location), sources: [], fresh: true)
            for item in items {
                for element in try elements(item) {
                    try absorb(element, into: &result)
                    nodes.append(try Self.stored(element))
                }
            }
            try PythonArithmetic.checkSize(items: nodes.count, at: location)
            if case .list = expr.kind { result.node = ConfigNode(.list(nodes), location: location) } else { result.node = ConfigNode(.tuple(nodes), location: location) }
            return result
        case .dict(let entries):
            var mapping = ConfigMapping()
            var result = Evaluated(node: ConfigNode(.null, location: location), sources: [], fresh: true)
            for entry in entries {
                switch entry {
                case .pair(let keyExpr, let valueExpr):
                    let key = try evaluate(keyExpr)
                    let value = try evaluate(valueExpr)
                    try absorb(key, into: &result)
                    try absorb(value, into: &result)
                    var node = try Self.stored(value)
                    node.keyLocation = keyExpr.location
                    mapping[try Self.key(key.value, at: keyExpr.location)] = node
                case .unpack(let source):
                    let unpacked = try evaluate(source)
                    guard case .mapping(let entries) = unpacked.value, unpacked.callable == nil else {
                        throw PythonArithmetic.evalError("'\(Self.typeName(unpacked))' object is not a mapping", at: source.location)
                    }
                    try absorb(unpacked, into: &result)
                    for (key, node) in entries { mapping[key] = node }
                }
            }
            result.node = ConfigNode(.mapping(mapping), location: location)
            return result
        case .starred:
            throw PythonSyntax.syntax("can't use starred expression here", at: location)
        case .baseReference(let steps):
            return try reference(steps, at: location)
        case .unary(let op, let operand):
            if op == .minus, case .int(let magnitude?, _) = operand.kind, magnitude == UInt64(Int64.max) + 1 {
                return literal(.int(Int64.min), at: location)
            }
            let evaluated = try plain(operand)
            let value = try PythonArithmetic.unary(op, evaluated.value, at: location)
            return computed(value, from: evaluated.sources, at: location)
        case .binary(let op, let left, let right):
            let a = try plain(left)
            let b = try plain(right)
            let value = try PythonArithmetic.binary(op, a.value, b.value, at: location)
            var sources = a.sources
            Self.merge(b.sources, into: &sources)
            var result = computed(value, from: sources, at: location)
            if Self.nestsContainers(value) { result.borrowed = a.borrowed.union(b.borrowed) }
            return result
        case .not(let operand):
            let evaluated = try evaluate(operand)
            return computed(.bool(!(try truthy(evaluated, at: operand.location))), from: evaluated.sources, at: location)
        case .boolean(let isAnd, let operands):
            var sources: [String] = []
            var last: Evaluated?
            for operand in operands {
                let evaluated = try evaluate(operand)
                Self.merge(evaluated.sources, into: &sources)
                last = evaluated
                if try truthy(evaluated, at: operand.location) != isAnd { break }
            }
            var result = last!
            if !sources.isEmpty { result.node.history.append(ProvenanceEvent(.computed(from: sources), at: .file(location))) }
            result.sources = sources
            return result
        case .compare(let first, let chain):
            return try compare(first, chain, at: location)
        case .conditional(let body, let test, let orelse):
            let condition = try evaluate(test)
            var result = try evaluate(try truthy(condition, at: test.location) ? body : orelse)
            Self.merge(condition.sources, into: &result.sources)
            if !condition.sources.isEmpty {
                result.node.history.append(ProvenanceEvent(.computed(from: result.sources), at: .file(location)))
            }
            return result
        case .attribute(let object, let name):
            return try attribute(of: object, name, at: location)
        case .index(let object, let index):
            return try subscripted(object, index, at: location)
        case .slice(let object, let lower, let upper, let step):
            return try sliced(object, lower, upper, step, at: location)
        case .call(let callee, let arguments):
            return try call(callee, arguments, at: location)
        case .comprehension(let comprehension):
            return try comprehend(comprehension, at: location)
        }
    }

    /// A value that must be data (not a module, function or range object).
    mutating func plain(_ expr: PythonExpr) throws -> Evaluated {
        let evaluated = try evaluate(expr)
        if let callable = evaluated.callable, !callable.isIterableData {
            throw ConfigError(.unsupportedValue, "\(callable.described) used as a value", at: expr.location)
        }
        return evaluated
    }

    /// The values an item of a display contributes: itself, or each element of `*iterable`.
    mutating func elements(_ item: PythonExpr) throws -> [Evaluated] {
        guard case .starred(let inner) = item.kind else { return [try evaluate(item)] }
        return try iterate(try evaluate(inner), at: inner.location)
    }

    /// Records that `part` went into a container being built (its sources and borrowed names).
    func absorb(_ part: Evaluated, into result: inout Evaluated) throws {
        Self.merge(part.sources, into: &result.sources)
        result.borrowed.formUnion(part.borrowed)
    }

    /// The node to store in a container or a name: data only.
    static func stored(_ evaluated: Evaluated) throws -> ConfigNode {
        if case .lazy(let lazy)? = evaluated.callable {
            return ConfigNode(.string(lazy.encoded), location: evaluated.node.location)
        }
        if let callable = evaluated.callable {
            throw ConfigError(.unsupportedValue, "\(callable.described) cannot be a config value (mmengine would keep the object itself)", at: evaluated.node.location)
        }
        var node = evaluated.node
        node.keyLocation = nil
        return node
    }

    static func key(_ value: ConfigValue, at location: SourceLocation) throws -> ConfigKey {
        switch value {
        case .string(let s): return .string(s)
        case .int(let i): return .int(i)
        case .list, .mapping: throw PythonArithmetic.evalError("unhashable type: '\(PythonArithmetic.typeName(value))'", at: location)
        default:
            throw ConfigError(.unsupportedValue, "dict key of type '\(PythonArithmetic.typeName(value))' (strata keeps int and str keys only)", at: location)
        }
    }

    static func typeName(_ evaluated: Evaluated) -> String {
        evaluated.callable?.typeName ?? PythonArithmetic.typeName(evaluated.value)
    }

    /// A container holding containers (which may be other names' objects).
    static func nestsContainers(_ value: ConfigValue) -> Bool {
        switch value {
        case .list(let items), .tuple(let items): return items.contains { holdsContainers($0.value) }
        case .mapping(let m): return m.values.contains { holdsContainers($0.value) }
        default: return false
        }
    }

    static func holdsContainers(_ value: ConfigValue) -> Bool {
        switch value {
        case .list, .tuple, .mapping: return true
        default: return false
        }
    }

    func computed(_ value: ConfigValue, from sources: [String], at location: SourceLocation) -> Evaluated {
        let history = sources.isEmpty ? nil : [ProvenanceEvent(.computed(from: sources), at: .file(location))]
        return Evaluated(node: ConfigNode(value, location: location, history: history), sources: sources, fresh: true)
    }

    static func merge(_ new: [String], into sources: inout [String]) {
        for name in new where !sources.contains(name) { sources.append(name) }
    }

    mutating func lookUp(_ name: String, at location: SourceLocation) throws -> Evaluated {
        for scope in scopes.reversed() {
            if var found = scope[name] {
                found.node.keyLocation = nil
                return found
            }
        }
        if name == "_base_" {
            return try reference([], at: location)
        }
        if var node = names[name] {
            node.keyLocation = nil
            node.history.append(ProvenanceEvent(.computed(from: [name]), at: .file(location)))
            var result = Evaluated(node: node, sources: [name])
            if Self.holdsContainers(node.value) { result.borrowed = [name] }
            result.configDict = configDicts.contains(name)
            if lazyMode, let lazy = PythonLazy.decode(node.value) { result.callable = .lazy(lazy) }
            return result
        }
        if let callable = callables[name] {
            return Evaluated(node: ConfigNode(.null, location: location), sources: [], callable: callable)
        }
        if PythonBuiltins.supported.contains(name) {
            return Evaluated(node: ConfigNode(.null, location: location), sources: [], callable: .builtin(name))
        }
        if PythonBuiltins.unsupported.contains(name) {
            throw PythonSyntax.unsupported("builtin '\(name)'", at: location)
        }
        var message = "name '\(name)' is not defined"
        if base?.value.mapping?[.string(name)] != nil {
            message += " (keys of the base are not names here; write _base_.\(name))"
        }
        throw ConfigError(.pythonEval, message, at: location)
    }
}
