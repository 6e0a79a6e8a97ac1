/// List, dict and generator comprehensions, and the iteration they (and `*x`, `list(x)`, ...) use.
/// The loop variables live in the comprehension's own scope, as in Python 3; every iteration
/// counts against the file's step budget and results against the item limit.
extension PythonEvaluator {
    mutating func comprehend(_ comprehension: PythonComprehension, at location: SourceLocation) throws -> Evaluated {
        if comprehension.kind == .set {
            throw PythonSyntax.unsupported("set comprehension (a config holds no sets)", at: location)
        }
        var result = Evaluated(node: ConfigNode(.null, location: location), sources: [], fresh: true)
        var items: [ConfigNode] = []
        var mapping = ConfigMapping()
        scopes.append([:])
        defer { scopes.removeLast() }
        var shape: [String] = []
        try loop(comprehension, clause: 0, result: &result, shape: &shape, at: location) { evaluator, result in
            let element = try evaluator.evaluate(comprehension.element)
            try evaluator.absorb(element, into: &result)
            if let valueExpr = comprehension.value {
                let value = try evaluator.evaluate(valueExpr)
                try evaluator.absorb(value, into: &result)
                var node = try Self.stored(value)
                node.keyLocation = comprehension.element.location
                mapping[try Self.key(element.value, at: comprehension.element.location)] = node
                try PythonArithmetic.checkSize(items: mapping.count, at: location)
            } else {
                items.append(try Self.stored(element))
                try PythonArithmetic.checkSize(items: items.count, at: location)
            }
        }
        let value: ConfigValue = comprehension.kind == .dict ? .mapping(mapping) : .list(items)
        // The container records what decided its items (iterables, conditions); each item records
        // what it was computed from.
        let history = shape.isEmpty ? nil : [ProvenanceEvent(.computed(from: shape), at: .file(location))]
        result.node = ConfigNode(value, location: location, history: history)
        if comprehension.kind == .generator { result.callable = .iterable("generator") }
        return result
    }

    private mutating func loop(
        _ comprehension: PythonComprehension, clause index: Int, result: inout Evaluated, shape: inout [String], at location: SourceLocation,
        body: (inout PythonEvaluator, inout Evaluated) throws -> Void
    ) throws {
        guard index < comprehension.clauses.count else {
            try body(&self, &result)
            return
        }
        let clause = comprehension.clauses[index]
        let iterable = try evaluate(clause.iterable)
        Self.merge(iterable.sources, into: &result.sources)
        Self.merge(iterable.sources, into: &shape)
        items: for item in try iterate(iterable, at: clause.iterable.location) {
            try step(at: location)
            try bindLocal(clause.target, item)
            for condition in clause.conditions {
                let test = try evaluate(condition)
                Self.merge(test.sources, into: &result.sources)
                Self.merge(test.sources, into: &shape)
                if !(try truthy(test, at: condition.location)) { continue items }
            }
            try loop(comprehension, clause: index + 1, result: &result, shape: &shape, at: location, body: body)
        }
    }

    /// Binds a comprehension variable (or unpacks into several).
    mutating func bindLocal(_ target: PythonTarget, _ value: Evaluated) throws {
        switch target {
        case .name(let name, _):
            scopes[scopes.count - 1][name] = value
        case .unpack(let targets, let location):
            let parts = try unpacked(value, count: targets.count, at: location)
            for (target, part) in zip(targets, parts) { try bindLocal(target, part) }
        case .attribute(_, _, let location), .index(_, _, let location):
            throw PythonSyntax.unsupported("comprehension variable that is not a name", at: location)
        }
    }

    /// The items of `value` for `a, b = value`, with Python's errors for the wrong count.
    mutating func unpacked(_ value: Evaluated, count: Int, at location: SourceLocation) throws -> [Evaluated] {
        let parts = try iterate(value, at: location)
        if parts.count < count {
            throw PythonArithmetic.evalError("not enough values to unpack (expected \(count), got \(parts.count))", at: location)
        }
        if parts.count > count {
            throw PythonArithmetic.evalError("too many values to unpack (expected \(count))", at: location)
        }
        return parts
    }

    static func keyValue(_ key: ConfigKey) -> ConfigValue {
        switch key {
        case .string(let s): return .string(s)
        case .int(let i): return .int(i)
        }
    }

    /// What `for x in value` visits: items of a list, tuple, range, zip, ...; keys of a mapping;
    /// characters of a string.
    mutating func iterate(_ value: Evaluated, at location: SourceLocation) throws -> [Evaluated] {
        if let callable = value.callable, !callable.isIterableData {
            throw PythonArithmetic.evalError("'\(callable.typeName)' object is not iterable", at: location)
        }
        switch value.value {
        case .list(let items), .tuple(let items):
            try step(items.count, at: location)
            return items.map { element($0, of: value, at: location) }
        case .mapping(let mapping):
            try step(mapping.count, at: location)
            return mapping.keys.map { key in
                computed(Self.keyValue(key), from: value.sources, at: location)
            }
        case .string(let text):
            try step(text.unicodeScalars.count, at: location)
            return text.unicodeScalars.map { computed(.string(String($0)), from: value.sources, at: location) }
        default:
            throw PythonArithmetic.evalError("'\(PythonArithmetic.typeName(value.value))' object is not iterable", at: location)
        }
    }
}
