/// Running the statements of a config file: assignments, expression statements (method calls)
/// and imports from the allow-list.
extension PythonEvaluator {
    mutating func execute(_ statement: PythonStatement) throws {
        switch statement.kind {
        case .assign(let targets, let valueExpr):
            let value = try evaluate(valueExpr)
            for target in targets { try assign(target, value) }
            if targets.count > 1 && Self.holdsContainers(value.value) {
                // `a = b = []` binds one object to both names: neither may change it in place.
                for target in targets { if let root = Self.root(of: target) { shared.insert(root) } }
            }
        case .augmented(let target, let op, let valueExpr):
            try augment(target, op, valueExpr, at: statement.location)
        case .expression(let expr):
            _ = try evaluate(expr)
        case .importModule(let module, let alias):
            guard PythonModules.modules.contains(module) else {
                throw PythonSyntax.unsupported("import of '\(module)' (strata imports only \(PythonModules.allowList))", at: statement.location)
            }
            if let alias {
                try bindCallable(alias, .module(module), at: statement.location)
            } else {
                let top = String(module.split(separator: ".")[0])
                try bindCallable(top, .module(top), at: statement.location)
            }
        case .importFrom(let module, let level, let imported):
            try importFrom(module, level: level, imported, at: statement.location)
        case .delete(let targets):
            for target in targets { try delete(target) }
        case .readBase:
            throw PythonSyntax.unsupported("`with read_base():` in a file that also assigns _base_", at: statement.location)
        }
    }

    mutating func importFrom(_ module: String, level: Int, _ imported: [(name: String, alias: String?, at: SourceLocation)], at location: SourceLocation) throws {
        if level > 0 {
            throw PythonSyntax.unsupported("relative import outside `with read_base():`", at: location)
        }
        for item in imported {
            let bound = item.alias ?? item.name
            if item.name == "*" { throw PythonSyntax.unsupported("'from \(module) import *'", at: item.at) }
            if (module == "mmengine.config" || module == "mmengine") && item.name == "read_base" {
                try bindCallable(bound, .function("mmengine.config.read_base"), at: item.at)
                continue
            }
            guard PythonModules.modules.contains(module) else {
                throw PythonSyntax.unsupported("import from '\(module)' (strata imports only \(PythonModules.allowList))", at: location)
            }
            let value = try PythonModules.attribute(module, item.name, at: item.at)
            if let callable = value.callable {
                try bindCallable(bound, callable, at: item.at)
            } else {
                try bindName(bound, value, at: item.at)
            }
        }
    }

    /// Binds a module or a Python function (mmengine drops both from the config). math's functions
    /// are built-ins, which mmengine keeps as config values: refused.
    mutating func bindCallable(_ name: String, _ callable: PythonCallable, at location: SourceLocation) throws {
        switch callable {
        case .module: break
        case .function(let qualified) where !qualified.hasPrefix("math.") || (lazyMode && imported.contains(name)): break
        default:
            throw ConfigError(.unsupportedValue, "\(callable.described) cannot be bound to a name (mmengine would keep the object itself as a config value)", at: location)
        }
        if name == "_base_" { throw PythonSyntax.unsupported("rebinding _base_", at: location) }
        names.removeValue(forKey: name)
        configDicts.remove(name)
        callables[name] = callable
    }

    mutating func bindName(_ name: String, _ value: Evaluated, at location: SourceLocation) throws {
        if let callable = value.callable, !(callable.isLazy) {
            try bindCallable(name, callable, at: location)
            return
        }
        if name == "_base_" { throw PythonSyntax.unsupported("rebinding _base_", at: location) }
        var node = try Self.stored(value)
        node.keyLocation = location
        names[name] = node
        callables[name] = nil
        shared.remove(name)
        borrowing.remove(name)
        topBorrowed.remove(name)
        aliases[name] = nil
        if value.configDict { configDicts.insert(name) } else { configDicts.remove(name) }
        if let place = value.basePlace, value.borrowed == ["_base_"], !value.fresh {
            aliases[name] = place  // `m = _base_.model`: one object, kept in step
            return
        }
        handOut(value)
        if !value.borrowed.isEmpty { borrowing.insert(name) }
        if Self.holdsContainers(value.value) && !value.fresh { topBorrowed.insert(name) }
    }

    mutating func assign(_ target: PythonTarget, _ value: Evaluated) throws {
        switch target {
        case .name(let name, let location):
            try bindName(name, value, at: location)
        case .unpack(let targets, let location):
            let parts = try unpacked(value, count: targets.count, at: location)
            for (target, part) in zip(targets, parts) { try assign(target, part) }
        case .attribute(let object, let name, let location):
            try assignInto(object, key: nil, attribute: name, value, at: location)
        case .index(let object, let index, let location):
            try assignInto(object, key: index, attribute: nil, value, at: location)
        }
    }

    mutating func delete(_ target: PythonTarget) throws {
        switch target {
        case .name(let name, let location):
            guard names[name] != nil || callables[name] != nil else {
                throw PythonArithmetic.evalError("name '\(name)' is not defined", at: location)
            }
            names.removeValue(forKey: name)
            callables[name] = nil
            aliases[name] = nil
            configDicts.remove(name)
        case .unpack(let targets, _):
            for target in targets { try delete(target) }
        case .attribute(let object, let name, let location):
            try deleteItem(object, key: .string(name), attribute: true, at: location)
        case .index(let object, let index, let location):
            try deleteItem(object, key: try plain(index).value, attribute: false, at: location)
        }
    }

    mutating func deleteItem(_ objectExpr: PythonExpr, key: ConfigValue, attribute: Bool, at location: SourceLocation) throws {
        let place = try self.place(of: objectExpr)
        let step = try self.step(into: value(at: place), key: key, attribute: attribute, configDict: place.configDict, assigning: false, at: location)
        try checkChangeable(place, deep: !place.steps.isEmpty, at: location)
        var container = value(at: place)
        switch (container.value, step) {
        case (.mapping(var mapping), .key(let k)):
            mapping.removeValue(forKey: k)
            container.value = .mapping(mapping)
        case (.list(var items), .position(let i)):
            items.remove(at: i)
            container.value = .list(items)
        default:
            throw PythonSyntax.unsupported("'del' of this item", at: location)
        }
        write(container, at: place)
        try synchronize(after: Place(root: place.root, steps: place.steps + [step], configDict: place.configDict), slot: true, at: location)
    }

    static func root(of target: PythonTarget) -> String? {
        switch target {
        case .name(let name, _): return name
        case .attribute(let object, _, _), .index(let object, _, _): return root(of: object)
        case .unpack: return nil
        }
    }

    static func root(of expr: PythonExpr) -> String? {
        switch expr.kind {
        case .name(let name): return name
        case .baseReference: return "_base_"
        case .attribute(let object, _), .index(let object, _): return root(of: object)
        default: return nil
        }
    }

    /// `t += v` and friends. On a list, `+=` and `*=` change the list in place (so the same rules
    /// as `append` apply); on anything else they rebind.
    mutating func augment(_ target: PythonTarget, _ op: PythonBinaryOperator, _ valueExpr: PythonExpr, at location: SourceLocation) throws {
        let targetExpr: PythonExpr
        switch target {
        case .name(let name, let at): targetExpr = PythonExpr(kind: .name(name), location: at)
        case .attribute(let object, let name, let at): targetExpr = PythonExpr(kind: .attribute(object, name), location: at)
        case .index(let object, let index, let at): targetExpr = PythonExpr(kind: .index(object, index), location: at)
        case .unpack(_, let at): throw PythonSyntax.syntax("illegal expression for augmented assignment", at: at)
        }
        let current = try plain(targetExpr)
        let operand = try plain(valueExpr)
        var result: Evaluated
        if case .list(let items) = current.value, op == .add || op == .multiply {
            // In place: every holder of the list sees the change.
            let place = try place(of: targetExpr)
            try checkChangeable(place, deep: !place.steps.isEmpty, at: location)
            var changed = current.node
            if op == .add {
                let extra = try iterate(operand, at: valueExpr.location).map(Self.stored)
                try PythonArithmetic.checkSize(items: items.count + extra.count, at: location)
                changed.value = .list(items + extra)
            } else {
                changed.value = try PythonArithmetic.binary(op, current.value, operand.value, at: location)
            }
            changed.keyLocation = value(at: place).keyLocation
            write(changed, at: place)
            try synchronize(after: place, slot: false, at: location)
            handOut(operand, into: Place(root: place.root, steps: place.steps, configDict: false))
            return
        } else {
            result = computed(try PythonArithmetic.binary(op, current.value, operand.value, at: location), from: current.sources, at: location)
        }
        Self.merge(operand.sources, into: &result.sources)
        if !result.sources.isEmpty { result.node.history.append(ProvenanceEvent(.computed(from: result.sources), at: .file(location))) }
        result.borrowed = current.borrowed.union(operand.borrowed)
        if case .name(let name, _) = target { result.borrowed.remove(name) }
        try assign(target, result)
    }
}
