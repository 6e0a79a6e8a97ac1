/// `x.name`, `x[i]` and `x[a:b:c]` on values other than `_base_` chains.
extension PythonEvaluator {
    mutating func attribute(of objectExpr: PythonExpr, _ name: String, at location: SourceLocation) throws -> Evaluated {
        let object = try evaluate(objectExpr)
        if case .module(let module)? = object.callable {
            return try PythonModules.attribute(module, name, at: location)
        }
        if case .lazy(let lazy)? = object.callable {
            return Evaluated(node: ConfigNode(.null, location: location), sources: object.sources, callable: .lazy(lazy.attribute(name)))
        }
        if object.callable != nil {
            throw PythonSyntax.unsupported("attribute '\(name)' of \(object.callable!.described)", at: location)
        }
        guard case .mapping(let mapping) = object.value, object.configDict else {
            if object.value.isMapping {
                throw PythonSyntax.unsupported("attribute access '.\(name)' on a dict (only mmengine's ConfigDict, such as `_base_.x`, has attribute access)", at: location)
            }
            throw PythonSyntax.unsupported("attribute '\(name)' of a \(PythonArithmetic.typeName(object.value)) used as a value", at: location)
        }
        if Self.mappingMethods.contains(name) {
            throw PythonSyntax.unsupported("method '\(name)' used as a value", at: location)
        }
        guard let node = mapping[.string(name)] else {
            throw PythonArithmetic.evalError("'ConfigDict' object has no attribute '\(name)'", at: location)
        }
        return element(node, of: object, at: location)
    }

    /// An element read out of a container: its own node, marked as read through the container's
    /// names, still borrowing the container's names when it is a container itself.
    func element(_ node: ConfigNode, of container: Evaluated, at location: SourceLocation) -> Evaluated {
        var node = node
        node.keyLocation = nil
        if !container.sources.isEmpty {
            node.history.append(ProvenanceEvent(.computed(from: container.sources), at: .file(location)))
        }
        var result = Evaluated(node: node, sources: container.sources)
        if Self.holdsContainers(node.value) { result.borrowed = container.borrowed }
        result.configDict = container.configDict
        if lazyMode, let lazy = PythonLazy.decode(node.value) { result.callable = .lazy(lazy) }
        return result
    }

    mutating func subscripted(_ objectExpr: PythonExpr, _ indexExpr: PythonExpr, at location: SourceLocation) throws -> Evaluated {
        let object = try plain(objectExpr)
        let index = try plain(indexExpr)
        if object.callable != nil {
            throw PythonSyntax.unsupported("subscript of \(object.callable!.described)", at: location)
        }
        var result = try item(of: object, index.value, at: location)
        Self.merge(index.sources, into: &result.sources)
        return result
    }

    /// `container[key]` with Python's errors.
    func item(of object: Evaluated, _ key: ConfigValue, at location: SourceLocation) throws -> Evaluated {
        switch object.value {
        case .mapping(let mapping):
            let configKey = try Self.key(key, at: location)
            guard let node = mapping[configKey] else {
                throw PythonArithmetic.evalError("KeyError: \(PythonRepr.render(key))", at: location)
            }
            return element(node, of: object, at: location)
        case .list(let items), .tuple(let items):
            let position = try Self.position(key, count: items.count, of: object.value, at: location)
            return element(items[position], of: object, at: location)
        case .string(let text):
            let scalars = Array(text.unicodeScalars)
            let position = try Self.position(key, count: scalars.count, of: object.value, at: location)
            return computed(.string(String(scalars[position])), from: object.sources, at: location)
        default:
            throw PythonArithmetic.evalError("'\(PythonArithmetic.typeName(object.value))' object is not subscriptable", at: location)
        }
    }

    static func position(_ key: ConfigValue, count: Int, of value: ConfigValue, at location: SourceLocation) throws -> Int {
        let name = PythonArithmetic.typeName(value)
        guard case .int(let i)? = PythonArithmetic.number(key) else {
            throw PythonArithmetic.evalError("\(name) indices must be integers or slices, not \(PythonArithmetic.typeName(key))", at: location)
        }
        let position = i < 0 ? i &+ Int64(count) : i
        guard position >= 0 && position < Int64(count) else {
            throw PythonArithmetic.evalError("\(name) index out of range", at: location)
        }
        return Int(position)
    }

    mutating func sliced(_ objectExpr: PythonExpr, _ lower: PythonExpr?, _ upper: PythonExpr?, _ stepExpr: PythonExpr?, at location: SourceLocation) throws -> Evaluated {
        let object = try plain(objectExpr)
        if object.callable != nil {
            throw PythonSyntax.unsupported("slice of \(object.callable!.described)", at: location)
        }
        var sources = object.sources
        func bound(_ expr: PythonExpr?) throws -> Int64? {
            guard let expr else { return nil }
            let value = try plain(expr)
            Self.merge(value.sources, into: &sources)
            switch value.value {
            case .null: return nil
            case .int(let i): return i
            case .bool(let b): return b ? 1 : 0
            default:
                throw PythonArithmetic.evalError("slice indices must be integers or None", at: expr.location)
            }
        }
        let start = try bound(lower), stop = try bound(upper), step = try bound(stepExpr) ?? 1
        if step == 0 { throw PythonArithmetic.evalError("slice step cannot be zero", at: location) }
        func picked(_ count: Int) -> [Int] {
            Self.sliceIndices(count: count, start: start, stop: stop, step: step)
        }
        var result: Evaluated
        switch object.value {
        case .list(let items):
            result = computed(.list(picked(items.count).map { items[$0] }), from: sources, at: location)
        case .tuple(let items):
            result = computed(.tuple(picked(items.count).map { items[$0] }), from: sources, at: location)
        case .string(let text):
            let scalars = Array(text.unicodeScalars)
            var out = String.UnicodeScalarView()
            for i in picked(scalars.count) { out.append(scalars[i]) }
            result = computed(.string(String(out)), from: sources, at: location)
        default:
            throw PythonArithmetic.evalError("'\(PythonArithmetic.typeName(object.value))' object is not subscriptable", at: location)
        }
        if Self.nestsContainers(result.value) { result.borrowed = object.borrowed }
        return result
    }

    /// CPython's `PySlice_AdjustIndices`: the positions a slice selects, in order.
    static func sliceIndices(count: Int, start: Int64?, stop: Int64?, step: Int64) -> [Int] {
        let length = Int64(count)
        func adjust(_ value: Int64?, _ defaultValue: Int64) -> Int64 {
            guard var v = value else { return defaultValue }
            if v < 0 {
                v = v &+ length
                if v < 0 { v = step < 0 ? -1 : 0 }
            } else if v >= length {
                v = step < 0 ? length - 1 : length
            }
            return v
        }
        let first = adjust(start, step < 0 ? length - 1 : 0)
        let last = adjust(stop, step < 0 ? -1 : length)
        var indices: [Int] = []
        var i = first
        while step > 0 ? i < last : i > last {
            indices.append(Int(i))
            let (next, overflow) = i.addingReportingOverflow(step)
            if overflow { break }
            i = next
        }
        return indices
    }
}
