/// PyYAML's `construct_yaml_int/float/bool/timestamp`, including the way they lean on Python's
/// `int()` and `float()` for explicitly tagged text (`!!int "0o10"` is 8, `!!float "1e3"` is 1000.0).
enum YAMLScalarConstructor {
    enum Failure: Error {
        /// PyYAML fails too (ValueError, KeyError): reported as a YAML error.
        case invalid(String)
        /// PyYAML succeeds with a bigint; the model holds 64 bits.
        case tooLarge
    }

    static func construct(_ tag: YAMLTag, _ text: String) throws(Failure) -> ConfigValue {
        switch tag {
        case .null: return .null
        case .str: return .string(text)
        case .bool:
            switch text.lowercased() {
            case "yes", "true", "on": return .bool(true)
            case "no", "false", "off": return .bool(false)
            default: throw .invalid("'\(text)' is not a YAML 1.1 boolean")
            }
        case .int: return .int(try int(text))
        case .float: return .float(try float(text))
        case .timestamp:
            guard let stamp = YAMLTimestamp.parse(Array(text.utf8), requireTime: false) else {
                throw .invalid("'\(text)' is not a timestamp")
            }
            if let problem = stamp.validationError() { throw .invalid("invalid timestamp '\(text)': \(problem)") }
            return .timestamp(stamp.isoformat)
        default:
            throw .invalid("no scalar constructor for \(tag.shorthand)")
        }
    }

    // MARK: - int

    static func int(_ text: String) throws(Failure) -> Int64 {
        var value = Substring(text.replacingAll("_", with: ""))
        guard let first = value.first else { throw .invalid("'\(text)' is not an integer") }
        let negative = first == "-"
        if first == "-" || first == "+" { value = value.dropFirst() }
        if value == "0" { return 0 }
        let parsed: (negative: Bool, magnitude: UInt64)
        if value.hasPrefix("0b") {
            parsed = try pythonInt(value.dropFirst(2), radix: 2)
        } else if value.hasPrefix("0x") {
            parsed = try pythonInt(value.dropFirst(2), radix: 16)
        } else if value.first == "0" {
            parsed = try pythonInt(value, radix: 8)
        } else if value.contains(":") {
            // Base 60, least significant group last.
            var total: Int64 = 0, base: Int64 = 1
            for part in value.split(separator: ":", omittingEmptySubsequences: false).reversed() {
                let digit = try fitting(pythonInt(part, radix: 10))
                let (term, o1) = digit.multipliedReportingOverflow(by: base)
                let (sum, o2) = total.addingReportingOverflow(term)
                guard !o1, !o2 else { throw .tooLarge }
                total = sum
                // The base only overflows once no group is left to use it.
                base = base.multipliedReportingOverflow(by: 60).partialValue
            }
            parsed = (total < 0, total.magnitude)
        } else {
            parsed = try pythonInt(value, radix: 10)
        }
        return try fitting((parsed.negative != negative, parsed.magnitude))
    }

    private static func fitting(_ v: (negative: Bool, magnitude: UInt64)) throws(Failure) -> Int64 {
        if v.negative {
            guard v.magnitude <= Int64.min.magnitude else { throw .tooLarge }
            return v.magnitude == Int64.min.magnitude ? .min : -Int64(v.magnitude)
        }
        guard v.magnitude <= UInt64(Int64.max) else { throw .tooLarge }
        return Int64(v.magnitude)
    }

    /// Python's `int(s, radix)`: surrounding whitespace, one sign, an optional `0b`/`0o`/`0x`
    /// prefix matching the radix, then at least one digit.
    private static func pythonInt(_ s: Substring, radix: Int) throws(Failure) -> (negative: Bool, magnitude: UInt64) {
        var t = s.trimmingPythonWhitespace()
        var negative = false
        if let c = t.first, c == "-" || c == "+" {
            negative = c == "-"
            t = t.dropFirst()
        }
        let prefix = radix == 2 ? "0b" : radix == 8 ? "0o" : radix == 16 ? "0x" : nil
        if let prefix, t.lowercased().hasPrefix(prefix) { t = t.dropFirst(2) }
        guard !t.isEmpty else { throw .invalid("invalid literal for int() with base \(radix): '\(s)'") }
        var magnitude: UInt64 = 0
        for c in t.unicodeScalars {
            guard let d = hexValue(c), d < radix else {
                throw .invalid("invalid literal for int() with base \(radix): '\(s)'")
            }
            let (m, o1) = magnitude.multipliedReportingOverflow(by: UInt64(radix))
            let (a, o2) = m.addingReportingOverflow(UInt64(d))
            guard !o1, !o2 else { throw .tooLarge }
            magnitude = a
        }
        return (negative, magnitude)
    }

    private static func hexValue(_ c: Unicode.Scalar) -> Int? {
        switch c.value {
        case 0x30...0x39: return Int(c.value - 0x30)
        case 0x61...0x66: return Int(c.value - 0x61 + 10)
        case 0x41...0x46: return Int(c.value - 0x41 + 10)
        default: return nil
        }
    }

    // MARK: - float

    static func float(_ text: String) throws(Failure) -> Double {
        var value = Substring(text.replacingAll("_", with: "").lowercased())
        guard let first = value.first else { throw .invalid("could not convert string to float: ''") }
        let sign: Double = first == "-" ? -1 : 1
        if first == "-" || first == "+" { value = value.dropFirst() }
        if value == ".inf" { return sign * .infinity }
        if value == ".nan" { return .nan }
        if value.contains(":") {
            var total = 0.0, base = 1.0
            for part in value.split(separator: ":", omittingEmptySubsequences: false).reversed() {
                total += try pythonFloat(part) * base
                base *= 60
            }
            return sign * total
        }
        return sign * (try pythonFloat(value))
    }

    /// Python's `float(s)` on text already lower-cased and without underscores.
    private static func pythonFloat(_ s: Substring) throws(Failure) -> Double {
        let t = s.trimmingPythonWhitespace()
        var body = t
        var negative = false
        if let c = body.first, c == "-" || c == "+" {
            negative = c == "-"
            body = body.dropFirst()
        }
        switch body {
        case "inf", "infinity": return negative ? -.infinity : .infinity
        case "nan": return .nan
        default: break
        }
        // digits [. digits] | . digits, then [e [sign] digits]
        let scalars = Array(body.utf8)
        var i = 0
        func digits() -> Int {
            let start = i
            while i < scalars.count, YAMLScalarResolver.isDigit(scalars[i]) { i += 1 }
            return i - start
        }
        var mantissa = digits()
        if i < scalars.count, scalars[i] == UInt8(ascii: ".") {
            i += 1
            mantissa += digits()
        }
        var valid = mantissa > 0
        if valid, i < scalars.count, scalars[i] == UInt8(ascii: "e") {
            i += 1
            if i < scalars.count, scalars[i] == UInt8(ascii: "-") || scalars[i] == UInt8(ascii: "+") { i += 1 }
            valid = digits() > 0
        }
        // Swift's parser is correctly rounded and gives ±infinity on overflow, like Python's.
        guard valid, i == scalars.count, let parsed = Double(String(t)) else {
            throw .invalid("could not convert string to float: '\(s)'")
        }
        return parsed
    }
}

extension StringProtocol {
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var out = ""
        for c in self { if c == target { out += replacement } else { out.append(c) } }
        return out
    }

    /// `str.strip()` without arguments: Python strips Unicode whitespace.
    func trimmingPythonWhitespace() -> Substring {
        let scalars = Substring(self).unicodeScalars
        guard let start = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let end = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
        return Substring(scalars[start...end])
    }
}
