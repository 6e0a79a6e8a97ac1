/// In-place changes: `a["k"] = v`, `a.k = v` (on a ConfigDict), `a.append(x)`, `a.update(...)`, ...
///
/// strata's values are copies, Python's are shared objects. A change is therefore made only where
/// no other name can see the object changed: the root name must not have handed its containers
/// to another value (`shared`) nor hold another name's containers (`borrowing`). Otherwise the
/// change is refused as an unsupported construct, never applied to one copy only.
extension PythonEvaluator {
    enum PathStep: Equatable {
        case key(ConfigKey)
        case position(Int)
    }

    /// Where a changeable value lives: a name (or `_base_`) and the steps below it.
    struct Place {
        var root: String
        var steps: [PathStep]
        /// The mappings on this path are mmengine ConfigDicts (attribute access, recursive update).
        var configDict: Bool
    }

    mutating func place(of expr: PythonExpr) throws -> Place {
        switch expr.kind {
        case .name(let name):
            if scopes.contains(where: { $0[name] != nil }) {
                throw PythonSyntax.unsupported("in-place change of a comprehension variable", at: expr.location)
            }
            if name == "_base_" {
                guard base != nil else { throw ConfigError(.pythonEval, "name '_base_' is not defined (this file has no _base_)", at: expr.location) }
                return Place(root: name, steps: [], configDict: true)
            }
            guard names[name] != nil else {
                _ = try lookUp(name, at: expr.location)
                throw PythonSyntax.unsupported("in-place change of '\(name)'", at: expr.location)
            }
            return Place(root: name, steps: [], configDict: configDicts.contains(name))
        case .baseReference(let steps):
            var place = Place(root: "_base_", steps: [], configDict: true)
            guard base != nil else { throw ConfigError(.pythonEval, "name '_base_' is not defined (this file has no _base_)", at: expr.location) }
            for step in steps {
                switch step {
                case .attribute(let name, let at): try extend(&place, key: .string(name), attribute: true, at: at)
                case .index(let indexExpr, let at): try extend(&place, key: try plain(indexExpr).value, attribute: false, at: at)
                }
            }
            return place
        case .attribute(let object, let name):
            var place = try place(of: object)
            try extend(&place, key: .string(name), attribute: true, at: expr.location)
            return place
        case .index(let object, let index):
            var place = try place(of: object)
            try extend(&place, key: try plain(index).value, attribute: false, at: expr.location)
            return place
        default:
            throw PythonSyntax.unsupported("in-place change of a computed value", at: expr.location)
        }
    }

    /// One more step into an existing element (reading it must succeed).
    mutating func extend(_ place: inout Place, key: ConfigValue, attribute: Bool, at location: SourceLocation) throws {
        let step = try self.step(into: value(at: place), key: key, attribute: attribute, configDict: place.configDict, assigning: false, at: location)
        place.steps.append(step)
    }

    func step(into container: ConfigNode, key: ConfigValue, attribute: Bool, configDict: Bool, assigning: Bool, at location: SourceLocation) throws -> PathStep {
        switch container.value {
        case .mapping(let mapping):
            if attribute && !configDict {
                throw PythonSyntax.unsupported("attribute access on a dict (only mmengine's ConfigDict, such as `_base_.x`, has attribute access)", at: location)
            }
            let configKey = try Self.key(key, at: location)
            if !assigning && mapping[configKey] == nil {
                if attribute { throw PythonArithmetic.evalError("'ConfigDict' object has no attribute \(PythonRepr.render(key))", at: location) }
                throw PythonArithmetic.evalError("KeyError: \(PythonRepr.render(key))", at: location)
            }
            return .key(configKey)
        case .list(let items) where !attribute:
            guard case .int(let i)? = PythonArithmetic.number(key), !key.isFloat else {
                throw PythonArithmetic.evalError("list indices must be integers or slices, not \(PythonArithmetic.typeName(key))", at: location)
            }
            let position = i < 0 ? i &+ Int64(items.count) : i
            guard position >= 0 && position < Int64(items.count) else {
                throw PythonArithmetic.evalError(assigning ? "list assignment index out of range" : "list index out of range", at: location)
            }
            return .position(Int(position))
        default:
            if attribute {
                throw PythonArithmetic.evalError("'\(PythonArithmetic.typeName(container.value))' object has no attribute \(PythonRepr.render(key))", at: location)
            }
            if assigning {
                throw PythonArithmetic.evalError("'\(PythonArithmetic.typeName(container.value))' object does not support item assignment", at: location)
            }
            _ = try Self.position(key, count: container.value.sequenceItems?.count ?? 0, of: container.value, at: location)
            throw PythonSyntax.unsupported("in-place change inside a \(PythonArithmetic.typeName(container.value))", at: location)
        }
    }

    func value(at place: Place) -> ConfigNode {
        var node = place.root == "_base_" ? base! : names[place.root]!
        for step in place.steps {
            switch (step, node.value) {
            case (.key(let key), .mapping(let mapping)): node = mapping[key]!
            case (.position(let i), .list(let items)): node = items[i]
            default: break
            }
        }
        return node
    }

    mutating func write(_ node: ConfigNode, at place: Place) {
        func set(_ container: inout ConfigNode, _ steps: ArraySlice<PathStep>) {
            guard let first = steps.first else {
                let keyLocation = container.keyLocation
                container = node
                if container.keyLocation == nil { container.keyLocation = keyLocation }
                return
            }
            switch (first, container.value) {
            case (.key(let key), .mapping(var mapping)):
                var child = mapping[key] ?? ConfigNode(.null, location: node.location)
                set(&child, steps.dropFirst())
                mapping[key] = child
                container.value = .mapping(mapping)
            case (.position(let i), .list(var items)):
                set(&items[i], steps.dropFirst())
                container.value = .list(items)
            default:
                break
            }
        }
        if place.root == "_base_" {
            set(&base!, place.steps[...])
        } else {
            set(&names[place.root]!, place.steps[...])
        }
    }

    /// `target.name = value` or `target[key] = value`.
    mutating func assignInto(_ objectExpr: PythonExpr, key keyExpr: PythonExpr?, attribute: String?, _ assigned: Evaluated, at location: SourceLocation) throws {
        let place = try self.place(of: objectExpr)
        let key: ConfigValue = try attribute.map { .string($0) } ?? plain(keyExpr!).value
        let step = try self.step(into: value(at: place), key: key, attribute: attribute != nil, configDict: place.configDict, assigning: true, at: location)
        try checkChangeable(place, deep: !place.steps.isEmpty, at: location)
        var node = try Self.stored(assigned)
        node.keyLocation = location
        let slot = Place(root: place.root, steps: place.steps + [step], configDict: place.configDict)
        write(node, at: slot)
        try synchronize(after: slot, slot: true, at: location)
        handOut(assigned, into: place)
    }
}
