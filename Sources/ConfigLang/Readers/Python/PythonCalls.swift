/// What a Python expression can be besides data: modules and functions from the import
/// allow-list, built-in functions, and iterators such as `range(3)` (kept as the list of their
/// items, but never stored as a config value).
enum PythonCallable: Sendable, Equatable {
    case module(String)
    case function(String)
    case builtin(String)
    case iterable(String)
    /// mmengine's LazyObject (new-style configs): kept, written as its dotted name.
    case lazy(PythonLazy)

    var isLazy: Bool {
        if case .lazy = self { return true }
        return false
    }

    var isIterableData: Bool {
        if case .iterable = self { return true }
        return false
    }

    var typeName: String {
        switch self {
        case .module: return "module"
        case .function: return "function"
        case .builtin: return "builtin_function_or_method"
        case .iterable(let name): return name
        case .lazy: return "LazyObject"
        }
    }

    var described: String {
        switch self {
        case .module(let name): return "module '\(name)'"
        case .function(let name): return "function '\(name)'"
        case .builtin(let name): return "built-in function '\(name)'"
        case .iterable(let name): return "a '\(name)' object"
        case .lazy(let lazy): return "imported object '\(lazy.text)'"
        }
    }
}

/// The arguments of one call, evaluated, with `*x` and `**m` expanded.
struct PythonArguments {
    var positional: [PythonEvaluator.Evaluated] = []
    var keywords: [(name: String, value: PythonEvaluator.Evaluated, at: SourceLocation)] = []
    var sources: [String] = []
    var borrowed: Set<String> = []
    var location: SourceLocation

    func keyword(_ name: String) -> PythonEvaluator.Evaluated? {
        keywords.first { $0.name == name }?.value
    }

    /// Refuses keywords other than `allowed` and more than `maximum` positional arguments.
    func check(_ function: String, positional range: ClosedRange<Int>, keywords allowed: Set<String> = []) throws {
        for keyword in keywords where !allowed.contains(keyword.name) {
            throw PythonArithmetic.evalError("\(function)() got an unexpected keyword argument '\(keyword.name)'", at: keyword.at)
        }
        if !range.contains(positional.count) {
            let expected = range.lowerBound == range.upperBound ? "\(range.lowerBound)" : "\(range.lowerBound) to \(range.upperBound)"
            throw PythonArithmetic.evalError("\(function)() takes \(expected) positional arguments but \(positional.count) were given", at: location)
        }
    }
}

extension PythonEvaluator {
    mutating func arguments(_ written: [PythonArgument], at location: SourceLocation) throws -> PythonArguments {
        var result = PythonArguments(location: location)
        func note(_ value: Evaluated) {
            Self.merge(value.sources, into: &result.sources)
            result.borrowed.formUnion(value.borrowed)
        }
        for argument in written {
            switch argument {
            case .positional(let expr):
                let value = try evaluate(expr)
                note(value)
                result.positional.append(value)
            case .star(let expr):
                let value = try evaluate(expr)
                for item in try iterate(value, at: expr.location) {
                    note(item)
                    result.positional.append(item)
                }
            case .keyword(let name, let at, let expr):
                let value = try evaluate(expr)
                note(value)
                result.keywords.append((name, value, at))
            case .doubleStar(let expr):
                let value = try plain(expr)
                guard case .mapping(let mapping) = value.value else {
                    throw PythonArithmetic.evalError("argument after ** must be a mapping, not \(PythonArithmetic.typeName(value.value))", at: expr.location)
                }
                for (key, node) in mapping {
                    guard case .string(let name) = key else {
                        throw PythonArithmetic.evalError("keywords must be strings", at: expr.location)
                    }
                    if result.keywords.contains(where: { $0.name == name }) {
                        throw PythonArithmetic.evalError("got multiple values for keyword argument '\(name)'", at: expr.location)
                    }
                    let item = element(node, of: value, at: expr.location)
                    note(item)
                    result.keywords.append((name, item, expr.location))
                }
            }
        }
        return result
    }

    mutating func call(_ callee: PythonExpr, _ written: [PythonArgument], at location: SourceLocation) throws -> Evaluated {
        // A method: `x.name(...)` on data (on a module it is the module's function).
        if case .attribute(let objectExpr, let name) = callee.kind {
            let object = try evaluate(objectExpr)
            if case .module(let module)? = object.callable {
                let function = try PythonModules.attribute(module, name, at: callee.location)
                return try callFunction(function, written, at: location)
            }
            return try callMethod(name, on: object, receiver: objectExpr, written, at: location)
        }
        if case .baseReference(let steps) = callee.kind, case .attribute(let name, _)? = steps.last {
            let receiver = steps.count == 1
                ? PythonExpr(kind: .name("_base_"), location: callee.location)
                : PythonExpr(kind: .baseReference(Array(steps.dropLast())), location: callee.location)
            let object = try evaluate(receiver)
            // On a ConfigDict a method wins over a key of the same name; other names are keys.
            if !object.value.isMapping || Self.mappingMethods.contains(name) {
                return try callMethod(name, on: object, receiver: receiver, written, at: location)
            }
        }
        let function = try evaluate(callee)
        return try callFunction(function, written, at: location)
    }

    mutating func callFunction(_ function: Evaluated, _ written: [PythonArgument], at location: SourceLocation) throws -> Evaluated {
        switch function.callable {
        case .builtin(let name)?:
            let args = try arguments(written, at: location)
            return try callBuiltin(name, args, at: location)
        case .function(let name)?:
            let args = try arguments(written, at: location)
            return try PythonModules.call(name, args, evaluator: self, at: location)
        case .module(let name)?:
            throw PythonArithmetic.evalError("'module' object is not callable (\(name))", at: location)
        case .iterable(let name)?:
            throw PythonArithmetic.evalError("'\(name)' object is not callable", at: location)
        case .lazy(let lazy)?:
            throw PythonArithmetic.evalError("calling the imported object '\(lazy.text)' (mmengine's LazyObject raises RuntimeError)", at: location)
        case nil:
            throw PythonArithmetic.evalError("'\(PythonArithmetic.typeName(function.value))' object is not callable", at: location)
        }
    }

    /// The result of a call: computed from the arguments' names.
    func result(_ value: ConfigValue, _ args: PythonArguments, borrowing: Bool = true, at location: SourceLocation) -> Evaluated {
        var evaluated = computed(value, from: args.sources, at: location)
        if borrowing && Self.nestsContainers(value) { evaluated.borrowed = args.borrowed }
        return evaluated
    }

    /// A container built from its arguments: its items carry their own provenance, so the
    /// container records none (an override of a name then names the item that used it).
    func container(_ value: ConfigValue, _ args: PythonArguments, at location: SourceLocation) -> Evaluated {
        var evaluated = Evaluated(node: ConfigNode(value, location: location), sources: args.sources, fresh: true)
        if Self.nestsContainers(value) { evaluated.borrowed = args.borrowed }
        return evaluated
    }

    func iterableResult(_ name: String, _ items: [ConfigNode], _ args: PythonArguments, at location: SourceLocation) throws -> Evaluated {
        try PythonArithmetic.checkSize(items: items.count, at: location)
        var evaluated = result(.list(items), args, at: location)
        evaluated.callable = .iterable(name)
        return evaluated
    }
}
