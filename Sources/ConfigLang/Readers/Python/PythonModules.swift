import Foundation

/// The import allow-list: pure functions only. `os.path` string operations (never the file
/// system: no `exists`, no `abspath`), `math`, and `copy`. mmengine drops modules and Python
/// functions from the config; `from math import pi` binds a float, which stays.
enum PythonModules {
    static let modules: Set<String> = ["os", "os.path", "math", "copy"]

    static let functions: [String: Set<String>] = [
        "os.path": ["join", "basename", "dirname", "split", "splitext", "normpath"],
        "math": ["sqrt", "ceil", "floor", "log", "log2", "log10", "exp", "pow", "fabs"],
        "copy": ["deepcopy", "copy"],
    ]

    static let constants: [String: [String: Double]] = [
        "math": ["pi": Double.pi, "e": M_E, "tau": 2 * Double.pi, "inf": .infinity, "nan": .nan],
    ]

    static let allowList = "os.path (join, basename, dirname, split, splitext, normpath), math (constants and sqrt, ceil, floor, log, log2, log10, exp, pow, fabs) and copy (deepcopy, copy)"

    /// `module.name`.
    static func attribute(_ module: String, _ name: String, at location: SourceLocation) throws -> PythonEvaluator.Evaluated {
        let none = ConfigNode(.null, location: location)
        if module == "os" && name == "path" {
            return PythonEvaluator.Evaluated(node: none, sources: [], callable: .module("os.path"))
        }
        if module == "os.path" && name == "sep" || module == "os" && name == "sep" {
            return PythonEvaluator.Evaluated(node: ConfigNode(.string("/"), location: location), sources: [])
        }
        if functions[module]?.contains(name) == true {
            return PythonEvaluator.Evaluated(node: none, sources: [], callable: .function(module + "." + name))
        }
        if let value = constants[module]?[name] {
            return PythonEvaluator.Evaluated(node: ConfigNode(.float(value), location: location), sources: [])
        }
        throw PythonSyntax.unsupported("'\(module).\(name)' (strata imports only \(allowList))", at: location)
    }

    static func call(_ function: String, _ args: PythonArguments, evaluator: PythonEvaluator, at location: SourceLocation) throws -> PythonEvaluator.Evaluated {
        let p = args.positional
        let short = String(function.split(separator: ".").last!)
        func strings() throws -> [String] {
            try p.map { value in
                guard case .string(let s) = try evaluator.dataValue(value) else {
                    throw PythonArithmetic.evalError("\(short)() argument must be str, not '\(PythonEvaluator.typeName(value))'", at: location)
                }
                return s
            }
        }
        func number(_ i: Int) throws -> Double {
            guard let n = PythonArithmetic.number(try evaluator.dataValue(p[i])) else {
                throw PythonArithmetic.evalError("must be real number, not \(PythonEvaluator.typeName(p[i]))", at: location)
            }
            return n.double
        }
        func float(_ d: Double) throws -> PythonEvaluator.Evaluated {
            if d.isNaN { throw PythonArithmetic.evalError("math domain error", at: location) }
            if d.isInfinite { throw PythonArithmetic.evalError("math range error", at: location) }
            return evaluator.result(.float(d), args, at: location)
        }
        switch function {
        case "os.path.join":
            try args.check(short, positional: 1...Int.max)
            let parts = try strings()
            return evaluator.result(.string(PosixPath.join(parts)), args, at: location)
        case "os.path.basename", "os.path.dirname", "os.path.split", "os.path.splitext", "os.path.normpath":
            try args.check(short, positional: 1...1)
            let path = try strings()[0]
            let value: ConfigValue
            switch short {
            case "basename": value = .string(PosixPath.split(path).tail)
            case "dirname": value = .string(PosixPath.split(path).head)
            case "split":
                let (head, tail) = PosixPath.split(path)
                value = .tuple([ConfigNode(.string(head), location: location), ConfigNode(.string(tail), location: location)])
            case "splitext":
                let (root, ext) = PosixPath.splitext(path)
                value = .tuple([ConfigNode(.string(root), location: location), ConfigNode(.string(ext), location: location)])
            default: value = .string(PosixPath.normpath(path))
            }
            return evaluator.result(value, args, at: location)
        case "copy.deepcopy":
            try args.check(short, positional: 1...1)
            var copy = p[0]
            _ = try evaluator.dataValue(copy)
            copy.borrowed = []
            copy.fresh = true
            copy.basePlace = nil
            Self.note(args.sources, on: &copy, at: location)
            return copy
        case "copy.copy":
            try args.check(short, positional: 1...1)
            var copy = p[0]
            _ = try evaluator.dataValue(copy)
            copy.fresh = true
            copy.basePlace = nil
            if !PythonEvaluator.nestsContainers(copy.value) { copy.borrowed = [] }
            Self.note(args.sources, on: &copy, at: location)
            return copy
        case "math.sqrt":
            try args.check(short, positional: 1...1)
            let x = try number(0)
            if x < 0 { throw PythonArithmetic.evalError("math domain error", at: location) }
            return try float(x.squareRoot())
        case "math.ceil", "math.floor":
            try args.check(short, positional: 1...1)
            if case .int(let i)? = PythonArithmetic.number(try evaluator.dataValue(p[0])), !(p[0].value.isFloat) {
                return evaluator.result(.int(i), args, at: location)
            }
            let x = try number(0)
            return evaluator.result(try PythonConversions.int(.float(short == "ceil" ? x.rounded(.up) : x.rounded(.down)), at: location), args, at: location)
        case "math.log":
            try args.check(short, positional: 1...2)
            let x = try number(0)
            if x <= 0 { throw PythonArithmetic.evalError("math domain error", at: location) }
            guard p.count == 2 else { return try float(Foundation.log(x)) }
            let b = try number(1)
            if b <= 0 { throw PythonArithmetic.evalError("math domain error", at: location) }
            if b == 1 { throw PythonArithmetic.evalError("float division by zero", at: location) }
            return try float(Foundation.log(x) / Foundation.log(b))
        case "math.log2", "math.log10":
            try args.check(short, positional: 1...1)
            let x = try number(0)
            if x <= 0 { throw PythonArithmetic.evalError("math domain error", at: location) }
            return try float(short == "log2" ? Foundation.log2(x) : Foundation.log10(x))
        case "math.exp":
            try args.check(short, positional: 1...1)
            return try float(Foundation.exp(try number(0)))
        case "math.pow":
            try args.check(short, positional: 2...2)
            let x = try number(0), y = try number(1)
            if x == 0 && y < 0 || x < 0 && y != y.rounded(.down) && y.isFinite { throw PythonArithmetic.evalError("math domain error", at: location) }
            let r = Foundation.pow(x, y)
            if r.isInfinite && x.isFinite && y.isFinite { throw PythonArithmetic.evalError("math range error", at: location) }
            return evaluator.result(.float(r), args, at: location)
        case "math.fabs":
            try args.check(short, positional: 1...1)
            return evaluator.result(.float(Swift.abs(try number(0))), args, at: location)
        default:
            throw PythonSyntax.unsupported("function '\(function)'", at: location)
        }
    }

    static func note(_ sources: [String], on value: inout PythonEvaluator.Evaluated, at location: SourceLocation) {
        guard !sources.isEmpty else { return }
        PythonEvaluator.merge(sources, into: &value.sources)
        value.node.history.append(ProvenanceEvent(.computed(from: value.sources), at: .file(location)))
    }
}

/// Python's `posixpath` string functions.
enum PosixPath {
    static func join(_ parts: [String]) -> String {
        var path = parts[0]
        for b in parts.dropFirst() {
            if b.hasPrefix("/") { path = b } else if path.isEmpty || path.hasSuffix("/") { path += b } else { path += "/" + b }
        }
        return path
    }

    static func split(_ p: String) -> (head: String, tail: String) {
        let scalars = Array(p.unicodeScalars)
        let i = (scalars.lastIndex(of: "/") ?? -1) + 1
        var head = Array(scalars[..<i])
        let tail = Array(scalars[i...])
        if !head.isEmpty && !head.allSatisfy({ $0 == "/" }) {
            while head.last == "/" { head.removeLast() }
        }
        return (String(String.UnicodeScalarView(head)), String(String.UnicodeScalarView(tail)))
    }

    static func splitext(_ p: String) -> (root: String, ext: String) {
        let s = Array(p.unicodeScalars)
        let sepIndex = s.lastIndex(of: "/") ?? -1
        let dotIndex = s.lastIndex(of: ".") ?? -1
        if dotIndex > sepIndex {
            var filenameIndex = sepIndex + 1
            while filenameIndex < dotIndex {
                if s[filenameIndex] != "." {
                    return (String(String.UnicodeScalarView(s[..<dotIndex])), String(String.UnicodeScalarView(s[dotIndex...])))
                }
                filenameIndex += 1
            }
        }
        return (p, "")
    }

    static func normpath(_ path: String) -> String {
        if path.isEmpty { return "." }
        var initialSlashes = path.hasPrefix("/") ? 1 : 0
        if initialSlashes == 1 && path.hasPrefix("//") && !path.hasPrefix("///") { initialSlashes = 2 }
        var parts: [Substring] = []
        for comp in path.split(separator: "/", omittingEmptySubsequences: true) where comp != "." {
            if comp != ".." || (initialSlashes == 0 && parts.isEmpty) || (parts.last == "..") {
                parts.append(comp)
            } else if !parts.isEmpty {
                parts.removeLast()
            }
        }
        let joined = parts.joined(separator: "/")
        let result = String(repeating: "/", count: initialSlashes) + joined
        return result.isEmpty ? "." : result
    }
}
