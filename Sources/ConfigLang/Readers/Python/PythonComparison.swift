/// Truthiness, `==`, ordering, `in` and `is None`, with Python 3's rules: numbers compare by value
/// across int, float and bool; a list never equals a tuple; ordering between unrelated types is a
/// TypeError; identity is only modelled for `None`, `True` and `False`.
extension PythonEvaluator {
    func truthy(_ value: Evaluated, at location: SourceLocation) throws -> Bool {
        if let callable = value.callable {
            if callable.isIterableData, case .list(let items) = value.value, callable.typeName != "generator" { return !items.isEmpty }
            return true
        }
        return Self.truthy(value.value)
    }

    static func truthy(_ value: ConfigValue) -> Bool {
        switch value {
        case .null: return false
        case .bool(let b): return b
        case .int(let i): return i != 0
        case .float(let d): return d != 0
        case .string(let s): return !s.isEmpty
        case .timestamp: return true
        case .list(let items), .tuple(let items): return !items.isEmpty
        case .mapping(let m): return !m.isEmpty
        }
    }

    static func equal(_ a: ConfigValue, _ b: ConfigValue) -> Bool {
        if let x = PythonArithmetic.number(a), let y = PythonArithmetic.number(b) {
            switch (x, y) {
            case (.int(let i), .int(let j)): return i == j
            case (.float(let d), .float(let e)): return d == e
            case (.int(let i), .float(let d)), (.float(let d), .int(let i)): return intEqualsDouble(i, d)
            }
        }
        switch (a, b) {
        case (.null, .null): return true
        case (.string(let x), .string(let y)): return Array(x.unicodeScalars) == Array(y.unicodeScalars)
        case (.timestamp(let x), .timestamp(let y)): return x == y
        case (.list(let x), .list(let y)), (.tuple(let x), .tuple(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { equal($0.value, $1.value) }
        case (.mapping(let x), .mapping(let y)):
            return x.count == y.count && x.allSatisfy { key, node in y[key].map { equal(node.value, $0.value) } ?? false }
        default: return false
        }
    }

    /// Python compares an int and a float exactly (no rounding of the int).
    static func intEqualsDouble(_ i: Int64, _ d: Double) -> Bool {
        guard d.isFinite, d.rounded(.towardZero) == d, d >= -9.3e18, d <= 9.3e18 else { return false }
        guard d >= -9_223_372_036_854_775_808.0, d < 9_223_372_036_854_775_808.0 else { return false }
        return Int64(d) == i
    }

    /// `a < b` (the other orderings are derived): -1, 0 or 1, or a TypeError.
    static func order(_ a: ConfigValue, _ b: ConfigValue, _ op: String, at location: SourceLocation) throws -> Int {
        if let x = PythonArithmetic.number(a), let y = PythonArithmetic.number(b) {
            switch (x, y) {
            case (.int(let i), .int(let j)): return i < j ? -1 : (i == j ? 0 : 1)
            default:
                let d = x.double, e = y.double
                if intEqualsOrdered(x, y) { return 0 }
                if d.isNaN || e.isNaN { return 2 }  // unordered: every comparison is false
                return d < e ? -1 : (d == e ? 0 : 1)
            }
        }
        switch (a, b) {
        case (.string(let x), .string(let y)):
            let xs = x.unicodeScalars.map(\.value), ys = y.unicodeScalars.map(\.value)
            return xs.lexicographicallyPrecedes(ys) ? -1 : (xs == ys ? 0 : 1)
        case (.list(let x), .list(let y)), (.tuple(let x), .tuple(let y)):
            for (p, q) in zip(x, y) where !equal(p.value, q.value) {
                return try order(p.value, q.value, op, at: location)
            }
            return x.count < y.count ? -1 : (x.count == y.count ? 0 : 1)
        default:
            throw PythonArithmetic.evalError("'\(op)' not supported between instances of '\(PythonArithmetic.typeName(a))' and '\(PythonArithmetic.typeName(b))'", at: location)
        }
    }

    static func intEqualsOrdered(_ x: PythonArithmetic.Number, _ y: PythonArithmetic.Number) -> Bool {
        switch (x, y) {
        case (.int(let i), .float(let d)), (.float(let d), .int(let i)): return intEqualsDouble(i, d)
        default: return false
        }
    }

    static func contains(_ container: ConfigValue, _ item: ConfigValue, at location: SourceLocation) throws -> Bool {
        switch container {
        case .list(let items), .tuple(let items): return items.contains { equal($0.value, item) }
        case .mapping(let mapping):
            // True, 1.0 and 1 are the same key in Python.
            var probe = item
            if case .bool(let b) = item { probe = .int(b ? 1 : 0) }
            if case .float(let d) = item {
                guard d.isFinite, d.rounded(.towardZero) == d, Swift.abs(d) < 9.2e18 else { return false }
                probe = .int(Int64(d))
            }
            guard let key = try? key(probe, at: location) else { return false }
            return mapping[key] != nil
        case .string(let text):
            guard case .string(let needle) = item else {
                throw PythonArithmetic.evalError("'in <string>' requires string as left operand, not \(PythonArithmetic.typeName(item))", at: location)
            }
            return needle.isEmpty || text.contains(needle)
        default:
            throw PythonArithmetic.evalError("argument of type '\(PythonArithmetic.typeName(container))' is not iterable", at: location)
        }
    }

    mutating func compare(_ first: PythonExpr, _ chain: [(PythonCompareOperator, PythonExpr)], at location: SourceLocation) throws -> Evaluated {
        var left = try evaluate(first)
        var sources = left.sources
        var outcome = true
        for (op, rightExpr) in chain {
            let right = try evaluate(rightExpr)
            Self.merge(right.sources, into: &sources)
            if (left.callable.map { !$0.isIterableData } ?? false) || (right.callable.map { !$0.isIterableData } ?? false) {
                throw PythonSyntax.unsupported("comparison of a module or function", at: location)
            }
            let a = left.value, b = right.value
            if lazyMode && (PythonLazy.occurs(in: a) || PythonLazy.occurs(in: b)) {
                throw PythonSyntax.unsupported("comparison of an imported object (mmengine's LazyObject)", at: location)
            }
            let holds: Bool
            switch op {
            case .equal: holds = Self.equal(a, b)
            case .notEqual: holds = !Self.equal(a, b)
            case .less: holds = try Self.order(a, b, "<", at: location) == -1
            case .lessEqual: holds = [-1, 0].contains(try Self.order(a, b, "<=", at: location))
            case .greater: holds = try Self.order(a, b, ">", at: location) == 1
            case .greaterEqual: holds = [1, 0].contains(try Self.order(a, b, ">=", at: location))
            case .isIn: holds = try Self.contains(b, a, at: location)
            case .notIn: holds = !(try Self.contains(b, a, at: location))
            case .isSame, .isNot:
                guard let same = Self.identical(a, b) else {
                    throw PythonSyntax.unsupported("'is' between values other than None, True and False", at: location)
                }
                holds = op == .isSame ? same : !same
            }
            if !holds {
                outcome = false
                break
            }
            left = right
        }
        return computed(.bool(outcome), from: sources, at: location)
    }

    /// `a is b` when one side is a singleton; nil when Python's answer depends on object identity.
    static func identical(_ a: ConfigValue, _ b: ConfigValue) -> Bool? {
        switch (a, b) {
        case (.null, .null): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.null, _), (_, .null), (.bool, _), (_, .bool): return false
        default: return nil
        }
    }
}

extension PythonArithmetic.Number {
    var double: Double {
        switch self {
        case .int(let i): return Double(i)
        case .float(let d): return d
        }
    }
}
