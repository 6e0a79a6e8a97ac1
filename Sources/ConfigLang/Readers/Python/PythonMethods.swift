/// Methods on values: the pure ones on str, dict and list, and the in-place ones (`update`, `pop`,
/// `setdefault`, `append`, `extend`, `insert`), which write the changed value back where the
/// receiver was read from (PythonMutation).
extension PythonEvaluator {
    static let mutatingMethods: [String: Set<String>] = [
        "dict": ["update", "pop", "setdefault", "merge"],
        "list": ["append", "extend", "insert", "pop"],
    ]

    mutating func callMethod(_ name: String, on object: Evaluated, receiver: PythonExpr, _ written: [PythonArgument], at location: SourceLocation) throws -> Evaluated {
        if let callable = object.callable {
            throw PythonSyntax.unsupported("method '\(name)' of \(callable.described)", at: location)
        }
        let typeName = PythonArithmetic.typeName(object.value)
        if Self.mutatingMethods[typeName]?.contains(name) == true {
            return try mutate(receiver, object, method: name, written, at: location)
        }
        let args = try arguments(written, at: location)
        var sources = object.sources
        Self.merge(args.sources, into: &sources)
        let p = args.positional
        func done(_ value: ConfigValue, borrowing: Bool = false) -> Evaluated {
            var result = computed(value, from: sources, at: location)
            if borrowing && Self.nestsContainers(value) { result.borrowed = object.borrowed.union(args.borrowed) }
            return result
        }
        func string(_ i: Int) throws -> String {
            guard case .string(let s) = try dataValue(p[i]) else {
                throw PythonArithmetic.evalError("\(name)() argument \(i + 1) must be str, not \(Self.typeName(p[i]))", at: location)
            }
            return s
        }
        switch (object.value, name) {
        case (.string(let s), "format"):
            return done(.string(try strFormat(s, args, at: location)))
        case (.string(let s), "join"):
            try args.check(name, positional: 1...1)
            let pieces = try iterate(p[0], at: location).map { item -> String in
                guard case .string(let piece) = try dataValue(item) else {
                    throw PythonArithmetic.evalError("sequence item: expected str instance, \(Self.typeName(item)) found", at: location)
                }
                return piece
            }
            try PythonArithmetic.checkSize(scalars: pieces.reduce(0) { $0 + $1.unicodeScalars.count } + s.unicodeScalars.count * max(0, pieces.count - 1), at: location)
            return done(.string(pieces.joined(separator: s)))
        case (.string(let s), "replace"):
            try args.check(name, positional: 2...3)
            let old = try string(0), new = try string(1)
            var limit = -1
            if p.count == 3, case .int(let n) = try dataValue(p[2]) { limit = Int(clamping: n) }
            return done(.string(try PythonStrings.replace(s, old, new, limit: limit, at: location)))
        case (.string(let s), "split"), (.string(let s), "rsplit"):
            try args.check(name, positional: 0...2, keywords: ["sep", "maxsplit"])
            let sepValue = try (p.count > 0 ? p[0] : args.keyword("sep")).map(dataValue) ?? .null
            let maxValue = try (p.count > 1 ? p[1] : args.keyword("maxsplit")).map(dataValue) ?? .int(-1)
            guard case .int(let maxsplit) = maxValue else { throw PythonArithmetic.evalError("'\(PythonArithmetic.typeName(maxValue))' object cannot be interpreted as an integer", at: location) }
            let parts: [String]
            switch sepValue {
            case .null: parts = PythonStrings.splitWhitespace(s, maxsplit: Int(clamping: maxsplit), fromRight: name == "rsplit")
            case .string(let sep):
                if sep.isEmpty { throw PythonArithmetic.evalError("empty separator", at: location) }
                parts = PythonStrings.split(s, sep, maxsplit: Int(clamping: maxsplit), fromRight: name == "rsplit")
            default: throw PythonArithmetic.evalError("must be str or None, not \(PythonArithmetic.typeName(sepValue))", at: location)
            }
            return done(.list(parts.map { ConfigNode(.string($0), location: location) }))
        case (.string(let s), "upper"):
            try args.check(name, positional: 0...0)
            return done(.string(s.uppercased()))
        case (.string(let s), "lower"):
            try args.check(name, positional: 0...0)
            return done(.string(s.lowercased()))
        case (.string(let s), "strip"), (.string(let s), "lstrip"), (.string(let s), "rstrip"):
            try args.check(name, positional: 0...1)
            let chars = try p.first.map { try dataValue($0) }
            var set: Set<Unicode.Scalar>?
            if case .string(let c)? = chars { set = Set(c.unicodeScalars) } else if let chars, chars != .null {
                throw PythonArithmetic.evalError("\(name) arg must be None or str", at: location)
            }
            return done(.string(PythonStrings.strip(s, set, left: name != "rstrip", right: name != "lstrip")))
        case (.string(let s), "startswith"), (.string(let s), "endswith"):
            try args.check(name, positional: 1...1)
            let candidates: [ConfigValue]
            switch try dataValue(p[0]) {
            case .string(let x): candidates = [.string(x)]
            case .tuple(let items): candidates = items.map(\.value)
            default: throw PythonArithmetic.evalError("\(name) first arg must be str or a tuple of str", at: location)
            }
            let scalars = Array(s.unicodeScalars)
            let hit = try candidates.contains { candidate in
                guard case .string(let x) = candidate else { throw PythonArithmetic.evalError("tuple for \(name) must only contain str", at: location) }
                let xs = Array(x.unicodeScalars)
                return name == "startswith" ? scalars.starts(with: xs) : scalars.reversed().starts(with: xs.reversed())
            }
            return done(.bool(hit))
        case (.mapping(let m), "copy"):
            try args.check(name, positional: 0...0)
            var result = done(.mapping(m))
            if Self.nestsContainers(object.value) { result.borrowed = object.borrowed }
            result.configDict = object.configDict
            return result
        case (.mapping(let m), "get"):
            try args.check(name, positional: 1...2)
            if let node = m[try Self.key(try dataValue(p[0]), at: location)] {
                var result = element(node, of: object, at: location)
                Self.merge(args.sources, into: &result.sources)
                return result
            }
            return p.count > 1 ? p[1] : done(.null)
        case (.mapping(let m), "keys"):
            try args.check(name, positional: 0...0)
            return try iterableResult("dict_keys", m.keys.map { ConfigNode(Self.keyValue($0), location: location) }, args, at: location).sourced(sources)
        case (.mapping(let m), "values"):
            try args.check(name, positional: 0...0)
            var result = try iterableResult("dict_values", Array(m.values), args, at: location).sourced(sources)
            result.borrowed = object.borrowed
            return result
        case (.mapping(let m), "items"):
            try args.check(name, positional: 0...0)
            let rows = m.map { key, node in ConfigNode(.tuple([ConfigNode(Self.keyValue(key), location: location), node]), location: location) }
            var result = try iterableResult("dict_items", rows, args, at: location).sourced(sources)
            result.borrowed = object.borrowed
            return result
        case (.list(let items), "copy"):
            try args.check(name, positional: 0...0)
            return done(.list(items), borrowing: true)
        default:
            throw PythonSyntax.unsupported("method '\(name)' of a \(typeName)", at: location)
        }
    }
}

extension PythonEvaluator.Evaluated {
    func sourced(_ sources: [String]) -> Self {
        var copy = self
        copy.sources = sources
        return copy
    }
}
