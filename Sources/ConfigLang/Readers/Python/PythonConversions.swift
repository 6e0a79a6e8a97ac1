import Foundation

/// `int(x)`, `float(x)`, `round(x, n)` and a stable sort with a throwing comparison, as Python does.
enum PythonConversions {
    static func int(_ value: ConfigValue, at location: SourceLocation) throws -> ConfigValue {
        switch value {
        case .int: return value
        case .bool(let b): return .int(b ? 1 : 0)
        case .float(let d):
            if d.isNaN { throw PythonArithmetic.evalError("cannot convert float NaN to integer", at: location) }
            if d.isInfinite { throw PythonArithmetic.evalError("cannot convert float infinity to integer", at: location) }
            let t = d.rounded(.towardZero)
            guard t >= -9_223_372_036_854_775_808.0, t < 9_223_372_036_854_775_808.0 else {
                throw PythonArithmetic.tooBig("int(\(PythonFloat.repr(d)))", at: location)
            }
            return .int(Int64(t))
        case .string(let text):
            guard let digits = numberText(text), !digits.isEmpty else {
                throw PythonArithmetic.evalError("invalid literal for int() with base 10: \(PythonRepr.string(text))", at: location)
            }
            var body = Substring(digits)
            var negative = false
            if let sign = body.first, sign == "+" || sign == "-" {
                negative = sign == "-"
                body = body.dropFirst()
            }
            guard !body.isEmpty, body.allSatisfy({ $0.isASCII && $0.isNumber }) else {
                throw PythonArithmetic.evalError("invalid literal for int() with base 10: \(PythonRepr.string(text))", at: location)
            }
            guard let magnitude = UInt64(body), magnitude <= UInt64(Int64.max) + (negative ? 1 : 0) else {
                throw ConfigError(.unsupportedValue, "integer \(text) does not fit in 64 bits (strata keeps integers in 64 bits)", at: location)
            }
            return .int(negative ? Int64(bitPattern: 0 &- magnitude) : Int64(magnitude))
        default:
            throw PythonArithmetic.evalError("int() argument must be a string, a bytes-like object or a real number, not '\(PythonArithmetic.typeName(value))'", at: location)
        }
    }

    /// The text of a numeric literal for `int()`/`float()`: surrounding whitespace removed and
    /// single underscores between digits dropped; nil when an underscore is misplaced.
    static func numberText(_ text: String) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let scalars = Array(trimmed.unicodeScalars)
        var out = ""
        for (i, c) in scalars.enumerated() {
            if c == "_" {
                guard i > 0, i + 1 < scalars.count,
                      CharacterSet.decimalDigits.contains(scalars[i - 1]), CharacterSet.decimalDigits.contains(scalars[i + 1]) else { return nil }
                continue
            }
            out.unicodeScalars.append(c)
        }
        return out
    }

    static func float(_ value: ConfigValue, at location: SourceLocation) throws -> ConfigValue {
        switch value {
        case .float: return value
        case .int(let i): return .float(Double(i))
        case .bool(let b): return .float(b ? 1 : 0)
        case .string(let text):
            let invalid = PythonArithmetic.evalError("could not convert string to float: \(PythonRepr.string(text))", at: location)
            guard let body = numberText(text), !body.isEmpty else { throw invalid }
            var unsigned = Substring(body.lowercased())
            var sign = 1.0
            if let first = unsigned.first, first == "+" || first == "-" {
                sign = first == "-" ? -1 : 1
                unsigned = unsigned.dropFirst()
            }
            if unsigned == "inf" || unsigned == "infinity" { return .float(sign * .infinity) }
            if unsigned == "nan" { return .float(.nan) }
            // Python's grammar: digits with an optional point and exponent; no hex, no spaces.
            let allowed = Set("0123456789.e+-")
            guard unsigned.allSatisfy({ allowed.contains($0) }), unsigned.contains(where: \.isNumber),
                  let parsed = Double(String(unsigned)) else { throw invalid }
            return .float(sign * parsed)
        default:
            throw PythonArithmetic.evalError("float() argument must be a string or a real number, not '\(PythonArithmetic.typeName(value))'", at: location)
        }
    }

    /// `round(x)` (to an int, ties to even) and `round(x, n)`.
    static func round(_ value: ConfigValue, _ digits: ConfigValue?, at location: SourceLocation) throws -> ConfigValue {
        let n: Int64?
        switch digits {
        case nil, .null?: n = nil
        case .int(let i)?: n = i
        case .bool(let b)?: n = b ? 1 : 0
        case let other?:
            throw PythonArithmetic.evalError("'\(PythonArithmetic.typeName(other))' object cannot be interpreted as an integer", at: location)
        }
        switch value {
        case .int, .bool:
            let i: Int64 = { if case .int(let x) = value { return x }; if case .bool(let b) = value { return b ? 1 : 0 }; return 0 }()
            guard let n, n < 0 else { return .int(i) }
            if n < -18 { return .int(0) }
            var p: Int64 = 1
            for _ in 0..<(-n) { p *= 10 }
            let q = i / p, r = i % p
            var rounded = q
            let twice = Swift.abs(r) * 2
            if twice > p || (twice == p && q % 2 != 0) { rounded += r < 0 ? -1 : 1 }
            let (product, overflow) = rounded.multipliedReportingOverflow(by: p)
            if overflow { throw PythonArithmetic.tooBig("round(\(i), \(n))", at: location) }
            return .int(product)
        case .float(let d):
            guard let n else {
                if !d.isFinite {
                    throw PythonArithmetic.evalError(d.isNaN ? "cannot convert float NaN to integer" : "cannot convert float infinity to integer", at: location)
                }
                return try int(.float(d.rounded(.toNearestOrEven)), at: location)
            }
            if !d.isFinite || d == 0 || n > 320 { return .float(d) }
            guard n >= 0 else {
                throw PythonSyntax.unsupported("round() of a float to negative digits", at: location)
            }
            // glibc prints the exact binary value correctly rounded (ties to even), as CPython's dtoa does.
            let text = String(format: "%.\(n)f", d)
            return .float(Double(text) ?? d)
        default:
            throw PythonArithmetic.evalError("type \(PythonArithmetic.typeName(value)) doesn't define __round__ method", at: location)
        }
    }

    /// A stable merge sort whose comparison may throw (a TypeError between unorderable values).
    static func stableSort(_ items: [ConfigNode], by less: (ConfigNode, ConfigNode) throws -> Bool) throws -> [ConfigNode] {
        guard items.count > 1 else { return items }
        let middle = items.count / 2
        let left = try stableSort(Array(items[..<middle]), by: less)
        let right = try stableSort(Array(items[middle...]), by: less)
        var merged: [ConfigNode] = []
        merged.reserveCapacity(items.count)
        var i = 0, j = 0
        while i < left.count && j < right.count {
            if try less(right[j], left[i]) {
                merged.append(right[j]); j += 1
            } else {
                merged.append(left[i]); i += 1
            }
        }
        merged += left[i...]
        merged += right[j...]
        return merged
    }
}
