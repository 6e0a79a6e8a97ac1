import Foundation

/// Python 3 semantics of `+ - * / // **` and unary `- +` on the values a config holds.
/// Integers stay in 64 bits: a result beyond is an error, never a wrapped value or a trap.
enum PythonArithmetic {
    /// Results of `*` on sequences larger than this are refused (Python would try to allocate).
    static let maximumItems = 1_000_000
    static let maximumStringScalars = 10_000_000

    enum Number {
        case int(Int64)
        case float(Double)
    }

    static func number(_ value: ConfigValue) -> Number? {
        switch value {
        case .int(let i): return .int(i)
        case .bool(let b): return .int(b ? 1 : 0)
        case .float(let d): return .float(d)
        default: return nil
        }
    }

    /// The type name Python would print (`NoneType` where a value's repr-name says `None`).
    static func typeName(_ value: ConfigValue) -> String {
        if case .null = value { return "NoneType" }
        return PythonRepr.typeName(value)
    }

    static func evalError(_ message: String, at location: SourceLocation) -> ConfigError {
        ConfigError(.pythonEval, message, at: location)
    }

    static func unary(_ op: PythonUnaryOperator, _ value: ConfigValue, at location: SourceLocation) throws -> ConfigValue {
        switch number(value) {
        case .int(let i)?:
            guard op == .minus else { return .int(i) }
            let (negated, overflow) = Int64(0).subtractingReportingOverflow(i)
            if overflow { throw tooBig("-(\(i))", at: location) }
            return .int(negated)
        case .float(let d)?:
            return .float(op == .minus ? -d : d)
        case nil:
            throw evalError("bad operand type for unary \(op.rawValue): '\(typeName(value))'", at: location)
        }
    }

    static func tooBig(_ expression: String, at location: SourceLocation) -> ConfigError {
        ConfigError(.unsupportedValue, "integer result of \(expression) does not fit in 64 bits (strata keeps integers in 64 bits)", at: location)
    }

    static func binary(_ op: PythonBinaryOperator, _ a: ConfigValue, _ b: ConfigValue, at location: SourceLocation) throws -> ConfigValue {
        if let x = number(a), let y = number(b) {
            return try numeric(op, x, y, at: location)
        }
        switch (op, a, b) {
        case (.modulo, .string, _):
            throw PythonSyntax.unsupported("'%' string formatting (write an f-string)", at: location)
        case (.add, .string(let x), .string(let y)):
            try checkSize(scalars: x.unicodeScalars.count + y.unicodeScalars.count, at: location)
            return .string(x + y)
        case (.add, .list(let x), .list(let y)):
            return .list(x + y)
        case (.add, .tuple(let x), .tuple(let y)):
            return .tuple(x + y)
        case (.add, .string, _), (.add, .list, _), (.add, .tuple, _):
            throw evalError("can only concatenate \(typeName(a)) (not \"\(typeName(b))\") to \(typeName(a))", at: location)
        case (.multiply, _, _):
            if case .int(let n)? = number(b), let result = try repeated(a, n, at: location) { return result }
            if case .int(let n)? = number(a), let result = try repeated(b, n, at: location) { return result }
            if isSequence(a) || isSequence(b) {
                let other = isSequence(a) ? b : a
                throw evalError("can't multiply sequence by non-int of type '\(typeName(other))'", at: location)
            }
        default:
            break
        }
        throw evalError("unsupported operand type(s) for \(op.rawValue): '\(typeName(a))' and '\(typeName(b))'", at: location)
    }

    static func isSequence(_ value: ConfigValue) -> Bool {
        switch value {
        case .string, .list, .tuple: return true
        default: return false
        }
    }

    static func checkSize(items: Int = 0, scalars: Int = 0, at location: SourceLocation) throws {
        if items > maximumItems {
            throw ConfigError(.unsupportedValue, "the result would have \(items) items (strata's limit is \(maximumItems))", at: location)
        }
        if scalars > maximumStringScalars {
            throw ConfigError(.unsupportedValue, "the result would have \(scalars) characters (strata's limit is \(maximumStringScalars))", at: location)
        }
    }

    /// `seq * n`; nil when `value` is not a sequence.
    static func repeated(_ value: ConfigValue, _ count: Int64, at location: SourceLocation) throws -> ConfigValue? {
        let n = Int(max(0, count))
        switch value {
        case .string(let s):
            let (total, overflow) = s.unicodeScalars.count.multipliedReportingOverflow(by: n)
            try checkSize(scalars: overflow ? Int.max : total, at: location)
            return .string(String(repeating: s, count: n))
        case .list(let items), .tuple(let items):
            let (total, overflow) = items.count.multipliedReportingOverflow(by: n)
            try checkSize(items: overflow ? Int.max : total, at: location)
            var result: [ConfigNode] = []
            result.reserveCapacity(total)
            for _ in 0..<(items.isEmpty ? 0 : n) { result += items }
            if case .list = value { return .list(result) }
            return .tuple(result)
        default:
            return nil
        }
    }

    static func numeric(_ op: PythonBinaryOperator, _ x: Number, _ y: Number, at location: SourceLocation) throws -> ConfigValue {
        switch (x, y) {
        case (.int(let a), .int(let b)):
            return try integer(op, a, b, at: location)
        case (.int(let a), .float(let b)):
            return try floating(op, Double(a), b, at: location)
        case (.float(let a), .int(let b)):
            return try floating(op, a, Double(b), at: location)
        case (.float(let a), .float(let b)):
            return try floating(op, a, b, at: location)
        }
    }

    static func integer(_ op: PythonBinaryOperator, _ a: Int64, _ b: Int64, at location: SourceLocation) throws -> ConfigValue {
        func checked(_ result: (partialValue: Int64, overflow: Bool)) throws -> ConfigValue {
            if result.overflow { throw tooBig("\(a) \(op.rawValue) \(b)", at: location) }
            return .int(result.partialValue)
        }
        switch op {
        case .add: return try checked(a.addingReportingOverflow(b))
        case .subtract: return try checked(a.subtractingReportingOverflow(b))
        case .multiply: return try checked(a.multipliedReportingOverflow(by: b))
        case .divide:
            if b == 0 { throw evalError("division by zero", at: location) }
            return .float(Double(a) / Double(b))
        case .modulo:
            if b == 0 { throw evalError("integer division or modulo by zero", at: location) }
            if b == -1 { return .int(0) }
            let remainder = a % b
            return .int(remainder != 0 && ((remainder < 0) != (b < 0)) ? remainder + b : remainder)
        case .floorDivide:
            if b == 0 { throw evalError("integer division or modulo by zero", at: location) }
            let (quotient, overflow) = a.dividedReportingOverflow(by: b)
            if overflow { throw tooBig("\(a) // \(b)", at: location) }
            let remainder = a.remainderReportingOverflow(dividingBy: b).partialValue
            return .int(remainder != 0 && ((remainder < 0) != (b < 0)) ? quotient - 1 : quotient)
        case .power:
            if b < 0 {
                if a == 0 { throw evalError("0.0 cannot be raised to a negative power", at: location) }
                return try floating(.power, Double(a), Double(b), at: location)
            }
            var result: Int64 = 1
            var base = a
            var exponent = b
            while exponent > 0 {
                if exponent & 1 == 1 {
                    let product = result.multipliedReportingOverflow(by: base)
                    if product.overflow { throw tooBig("\(a) ** \(b)", at: location) }
                    result = product.partialValue
                }
                exponent >>= 1
                if exponent > 0 {
                    let square = base.multipliedReportingOverflow(by: base)
                    if square.overflow { throw tooBig("\(a) ** \(b)", at: location) }
                    base = square.partialValue
                }
            }
            return .int(result)
        }
    }

    static func floating(_ op: PythonBinaryOperator, _ a: Double, _ b: Double, at location: SourceLocation) throws -> ConfigValue {
        switch op {
        case .add: return .float(a + b)
        case .subtract: return .float(a - b)
        case .multiply: return .float(a * b)
        case .divide:
            if b == 0 { throw evalError("float division by zero", at: location) }
            return .float(a / b)
        case .modulo:
            if b == 0 { throw evalError("float modulo", at: location) }
            var mod = fmod(a, b)
            if mod != 0 {
                if (b < 0) != (mod < 0) { mod += b }
            } else {
                mod = copysign(0.0, b)
            }
            return .float(mod)
        case .floorDivide:
            if b == 0 { throw evalError("float floor division by zero", at: location) }
            return .float(floorDivide(a, b))
        case .power:
            return .float(try power(a, b, at: location))
        }
    }

    /// CPython's `float_floor_div`.
    static func floorDivide(_ vx: Double, _ wx: Double) -> Double {
        var mod = fmod(vx, wx)
        var div = (vx - mod) / wx
        if mod != 0 {
            if (wx < 0) != (mod < 0) {
                mod += wx
                div -= 1.0
            }
        }
        if div != 0 {
            var floordiv = floor(div)
            if div - floordiv > 0.5 { floordiv += 1.0 }
            return floordiv
        }
        return copysign(0.0, vx / wx)
    }

    /// CPython's `float_pow`, with its errors.
    static func power(_ x: Double, _ y: Double, at location: SourceLocation) throws -> Double {
        if y == 0 { return 1.0 }
        if x.isNaN { return x }
        if y.isNaN { return x == 1.0 ? 1.0 : y }
        if y.isInfinite || x.isInfinite { return pow(x, y) }
        if x == 0 {
            if y < 0 { throw evalError("0.0 cannot be raised to a negative power", at: location) }
            return pow(x, y)
        }
        if x < 0 && y != y.rounded(.down) {
            throw ConfigError(.unsupportedValue, "\(x) ** \(y) is a complex number", at: location)
        }
        let result = pow(x, y)
        if result.isInfinite {
            throw evalError("float overflow: \(x) ** \(y) is out of range (Python raises OverflowError)", at: location)
        }
        return result
    }
}
