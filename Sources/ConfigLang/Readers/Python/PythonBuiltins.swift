/// The built-in functions a config may call, with Python 3's results and errors. Each one is pure:
/// none reads files, the environment or the clock.
enum PythonBuiltins {
    static let supported: Set<String> = [
        "dict", "list", "tuple", "int", "float", "str", "bool", "len", "range", "min", "max", "sum",
        "abs", "round", "sorted", "zip", "enumerate", "reversed",
    ]

    /// Python's other built-ins: named as unsupported constructs rather than undefined names.
    static let unsupported: Set<String> = [
        "print", "set", "frozenset", "open", "type", "isinstance", "issubclass", "map", "filter",
        "object", "getattr", "setattr", "hasattr", "delattr", "eval", "exec", "compile", "globals",
        "locals", "vars", "dir", "id", "hash", "input", "iter", "next", "any", "all", "chr", "ord",
        "hex", "oct", "bin", "divmod", "pow", "repr", "ascii", "format", "callable", "super",
        "property", "staticmethod", "classmethod", "slice", "bytes", "bytearray", "memoryview",
        "complex", "breakpoint", "help", "__import__", "__build_class__", "exit", "quit",
    ]
}

extension PythonEvaluator {
    mutating func callBuiltin(_ name: String, _ args: PythonArguments, at location: SourceLocation) throws -> Evaluated {
        let p = args.positional
        switch name {
        case "dict":
            try args.check(name, positional: 0...1, keywords: Set(args.keywords.map(\.name)))
            var mapping = ConfigMapping()
            if let source = p.first {
                if case .mapping(let entries) = source.value, source.callable == nil {
                    mapping = entries
                } else {
                    for pair in try iterate(source, at: location) {
                        let parts = try unpacked(pair, count: 2, at: location)
                        mapping[try Self.key(parts[0].value, at: location)] = try Self.stored(parts[1])
                    }
                }
            }
            for keyword in args.keywords {
                var node = try Self.stored(keyword.value)
                node.keyLocation = keyword.at
                mapping[.string(keyword.name)] = node
            }
            try PythonArithmetic.checkSize(items: mapping.count, at: location)
            return container(.mapping(mapping), args, at: location)
        case "list", "tuple":
            try args.check(name, positional: 0...1)
            let items = try p.first.map { try iterate($0, at: location).map(Self.stored) } ?? []
            return container(name == "list" ? .list(items) : .tuple(items), args, at: location)
        case "reversed":
            try args.check(name, positional: 1...1)
            guard p[0].value.sequenceItems != nil || p[0].value.isString || p[0].callable == .iterable("range") else {
                throw PythonArithmetic.evalError("'\(Self.typeName(p[0]))' object is not reversible", at: location)
            }
            return try iterableResult("list_reverseiterator", try iterate(p[0], at: location).map(Self.stored).reversed(), args, at: location)
        case "len":
            try args.check(name, positional: 1...1)
            let value = p[0]
            if let callable = value.callable, callable.typeName == "generator" || !callable.isIterableData {
                throw PythonArithmetic.evalError("object of type '\(callable.typeName)' has no len()", at: location)
            }
            switch value.value {
            case .list(let items), .tuple(let items): return result(.int(Int64(items.count)), args, at: location)
            case .mapping(let m): return result(.int(Int64(m.count)), args, at: location)
            case .string(let s): return result(.int(Int64(s.unicodeScalars.count)), args, at: location)
            default: throw PythonArithmetic.evalError("object of type '\(PythonArithmetic.typeName(value.value))' has no len()", at: location)
            }
        case "bool":
            try args.check(name, positional: 0...1)
            return result(.bool(try p.first.map { try truthy($0, at: location) } ?? false), args, at: location)
        case "int":
            try args.check(name, positional: 0...1)
            return result(try p.first.map { try PythonConversions.int(try dataValue($0), at: location) } ?? .int(0), args, at: location)
        case "float":
            try args.check(name, positional: 0...1)
            return result(try p.first.map { try PythonConversions.float(try dataValue($0), at: location) } ?? .float(0), args, at: location)
        case "str":
            try args.check(name, positional: 0...1)
            return result(.string(try p.first.map { PythonFormatting.str(try dataValue($0)) } ?? ""), args, at: location)
        case "abs":
            try args.check(name, positional: 1...1)
            let value = try dataValue(p[0])
            switch PythonArithmetic.number(value) {
            case .int(let i)?:
                if i == Int64.min { throw PythonArithmetic.tooBig("abs(\(i))", at: location) }
                return result(.int(Swift.abs(i)), args, at: location)
            case .float(let d)?: return result(.float(Swift.abs(d)), args, at: location)
            case nil: throw PythonArithmetic.evalError("bad operand type for abs(): '\(PythonArithmetic.typeName(value))'", at: location)
            }
        case "round":
            try args.check(name, positional: 1...2, keywords: ["ndigits"])
            let digits = p.count > 1 ? p[1] : args.keyword("ndigits")
            return result(try PythonConversions.round(try dataValue(p[0]), digits.map(dataValue), at: location), args, at: location)
        case "range":
            try args.check(name, positional: 1...3)
            let bounds = try p.map { value -> Int64 in
                guard case .int(let i)? = PythonArithmetic.number(try dataValue(value)), !(value.value.isFloat) else {
                    throw PythonArithmetic.evalError("'\(Self.typeName(value))' object cannot be interpreted as an integer", at: location)
                }
                return i
            }
            let (start, stop, stride) = bounds.count == 1 ? (0, bounds[0], 1) : (bounds[0], bounds[1], bounds.count == 3 ? bounds[2] : 1)
            if stride == 0 { throw PythonArithmetic.evalError("range() arg 3 must not be zero", at: location) }
            let span = stride > 0 ? Double(stop) - Double(start) : Double(start) - Double(stop)
            let count = span <= 0 ? 0 : (span / Swift.abs(Double(stride))).rounded(.up)
            if count > Double(PythonArithmetic.maximumItems) {
                throw ConfigError(.unsupportedValue, "range of \(Int64(count)) items (strata's limit is \(PythonArithmetic.maximumItems))", at: location)
            }
            try step(Int(count), at: location)
            var items: [ConfigNode] = []
            var i = start
            while stride > 0 ? i < stop : i > stop {
                items.append(ConfigNode(.int(i), location: location))
                let (next, overflow) = i.addingReportingOverflow(stride)
                if overflow { break }
                i = next
            }
            return try iterableResult("range", items, args, at: location)
        case "zip":
            try args.check(name, positional: 0...Int.max)
            let columns = try p.map { try iterate($0, at: location) }
            let count = columns.map(\.count).min() ?? 0
            let rows = try (0..<count).map { row in ConfigNode(.tuple(try columns.map { try Self.stored($0[row]) }), location: location) }
            return try iterableResult("zip", rows, args, at: location)
        case "enumerate":
            try args.check(name, positional: 1...2, keywords: ["start"])
            guard let startValue = try (p.count > 1 ? p[1] : args.keyword("start")).map(dataValue) ?? .int(0) as ConfigValue?,
                  case .int(let start)? = PythonArithmetic.number(startValue), !startValue.isFloat else {
                throw PythonArithmetic.evalError("'float' object cannot be interpreted as an integer", at: location)
            }
            let rows = try iterate(p[0], at: location).enumerated().map { offset, item in
                ConfigNode(.tuple([ConfigNode(.int(start &+ Int64(offset)), location: location), try Self.stored(item)]), location: location)
            }
            return try iterableResult("enumerate", rows, args, at: location)
        case "min", "max":
            for keyword in args.keywords {
                throw PythonSyntax.unsupported("\(name)() with '\(keyword.name)='", at: keyword.at)
            }
            let items = p.count == 1 ? try iterate(p[0], at: location) : p
            if items.contains(where: { $0.callable != nil || PythonLazy.occurs(in: $0.value) }) {
                throw PythonSyntax.unsupported("\(name)() over imported objects or functions", at: location)
            }
            guard var best = items.first else { throw PythonArithmetic.evalError("\(name)() arg is an empty sequence", at: location) }
            for item in items.dropFirst() {
                let order = try Self.order(item.value, best.value, name == "max" ? ">" : "<", at: location)
                if order == (name == "max" ? 1 : -1) { best = item }
            }
            var chosen = best
            Self.merge(args.sources, into: &chosen.sources)
            if !args.sources.isEmpty { chosen.node.history.append(ProvenanceEvent(.computed(from: args.sources), at: .file(location))) }
            return chosen
        case "sum":
            try args.check(name, positional: 1...2, keywords: ["start"])
            var total = try (p.count > 1 ? p[1] : args.keyword("start")).map(dataValue) ?? .int(0)
            if case .string = total { throw PythonArithmetic.evalError("sum() can't sum strings [use ''.join(seq) instead]", at: location) }
            for item in try iterate(p[0], at: location) {
                total = try PythonArithmetic.binary(.add, total, try dataValue(item), at: location)
            }
            return result(total, args, at: location)
        case "sorted":
            try args.check(name, positional: 1...1, keywords: ["reverse"])
            let reverse = try args.keyword("reverse").map { try truthy($0, at: location) } ?? false
            let items = try iterate(p[0], at: location).map(Self.stored)
            if items.contains(where: { PythonLazy.occurs(in: $0.value) }) {
                throw PythonSyntax.unsupported("sorted() over imported objects", at: location)
            }
            let sorted = try PythonConversions.stableSort(items) { a, b in
                try Self.order(reverse ? b.value : a.value, reverse ? a.value : b.value, "<", at: location) == -1
            }
            return result(.list(sorted), args, at: location)
        default:
            throw PythonSyntax.unsupported("builtin '\(name)'", at: location)
        }
    }

    /// The data value of an argument (a range or zip object is refused here).
    func dataValue(_ evaluated: Evaluated) throws -> ConfigValue {
        if let callable = evaluated.callable {
            throw PythonArithmetic.evalError("unsupported argument: \(callable.described)", at: evaluated.node.location ?? SourceLocation(file: "?", line: 1, column: 1))
        }
        return evaluated.value
    }
}

extension ConfigValue {
    var isString: Bool {
        if case .string = self { return true }
        return false
    }

    var isFloat: Bool {
        if case .float = self { return true }
        return false
    }
}
