import Foundation

/// `str(x)`, f-string fields and `format(x, spec)` with Python's format-spec mini-language:
/// `[[fill]align][sign][#][0][width][,|_][.precision][type]` for str, int and float. Specs strata
/// does not model (`n`, `c`, float without a type but with a precision) are refused, never guessed.
enum PythonFormatting {
    static func str(_ value: ConfigValue) -> String {
        if case .string(let s) = value { return s }
        return PythonRepr.render(value)
    }

    struct Spec {
        var fill: Character = " "
        var align: Character?
        var sign: Character = "-"
        var alternate = false
        var width = 0
        var grouping: Character?
        var precision: Int?
        var type: Character?
    }

    static func parse(_ text: String, at location: SourceLocation) throws -> Spec {
        var spec = Spec()
        var chars = Array(text)
        var i = 0
        func invalid() -> ConfigError { PythonArithmetic.evalError("Invalid format specifier '\(text)'", at: location) }
        if chars.count >= 2, "<>=^".contains(chars[1]) {
            spec.fill = chars[0]; spec.align = chars[1]; i = 2
        } else if let first = chars.first, "<>=^".contains(first) {
            spec.align = first; i = 1
        }
        if i < chars.count, "+- ".contains(chars[i]) { spec.sign = chars[i]; i += 1 }
        if i < chars.count, chars[i] == "z" { throw PythonSyntax.unsupported("format option 'z'", at: location) }
        if i < chars.count, chars[i] == "#" { spec.alternate = true; i += 1 }
        if i < chars.count, chars[i] == "0" {
            if spec.align == nil { spec.fill = "0"; spec.align = "=" }
            i += 1
        }
        var width = ""
        while i < chars.count, chars[i].isASCII, chars[i].isNumber { width.append(chars[i]); i += 1 }
        if !width.isEmpty {
            guard let w = Int(width), w <= 100_000 else { throw ConfigError(.unsupportedValue, "format width \(width) is too large (strata's limit is 100000)", at: location) }
            spec.width = w
        }
        if i < chars.count, chars[i] == "," || chars[i] == "_" { spec.grouping = chars[i]; i += 1 }
        if i < chars.count, chars[i] == "." {
            i += 1
            var digits = ""
            while i < chars.count, chars[i].isASCII, chars[i].isNumber { digits.append(chars[i]); i += 1 }
            guard let p = Int(digits), p <= 1000 else { throw invalid() }
            spec.precision = p
        }
        if i < chars.count { spec.type = chars[i]; i += 1 }
        if i != chars.count { throw invalid() }
        chars = []
        return spec
    }

    /// `format(value, spec)`.
    static func format(_ value: ConfigValue, _ specText: String, at location: SourceLocation) throws -> String {
        if specText.isEmpty { return str(value) }
        let spec = try parse(specText, at: location)
        switch value {
        case .string(let s):
            guard spec.type == nil || spec.type == "s", spec.sign == "-", !spec.alternate, spec.grouping == nil, spec.align != "=" else {
                throw PythonArithmetic.evalError("Invalid format specifier '\(specText)' for object of type 'str'", at: location)
            }
            var body = s
            if let p = spec.precision { body = String(String.UnicodeScalarView(s.unicodeScalars.prefix(p))) }
            return pad("", body, spec, defaultAlign: "<")
        case .int(let i):
            return try formatInt(i, spec, specText, at: location)
        case .bool(let b):
            return try formatInt(b ? 1 : 0, spec, specText, at: location)
        case .float(let d):
            return try formatFloat(d, spec, specText, at: location)
        default:
            throw PythonArithmetic.evalError("unsupported format string passed to \(PythonArithmetic.typeName(value)).__format__", at: location)
        }
    }

    static func formatInt(_ i: Int64, _ spec: Spec, _ text: String, at location: SourceLocation) throws -> String {
        let magnitude = i.magnitude
        var digits: String
        var prefix = ""
        switch spec.type {
        case nil, "d"?: digits = String(magnitude)
        case "x"?: digits = String(magnitude, radix: 16); prefix = spec.alternate ? "0x" : ""
        case "X"?: digits = String(magnitude, radix: 16, uppercase: true); prefix = spec.alternate ? "0X" : ""
        case "o"?: digits = String(magnitude, radix: 8); prefix = spec.alternate ? "0o" : ""
        case "b"?: digits = String(magnitude, radix: 2); prefix = spec.alternate ? "0b" : ""
        case "e"?, "E"?, "f"?, "F"?, "g"?, "G"?, "%"?:
            return try formatFloat(Double(i), spec, text, at: location)
        default:
            throw PythonSyntax.unsupported("format type '\(spec.type.map(String.init) ?? "")' for an int", at: location)
        }
        if spec.precision != nil { throw PythonArithmetic.evalError("Precision not allowed in integer format specifier", at: location) }
        if let g = spec.grouping { digits = group(digits, g, every: spec.type == nil || spec.type == "d" ? 3 : 4) }
        return pad(signText(i < 0, spec) + prefix, digits, spec, defaultAlign: ">")
    }

    static func formatFloat(_ d: Double, _ spec: Spec, _ text: String, at location: SourceLocation) throws -> String {
        var body: String
        let negative = d.sign == .minus && !d.isNaN
        let x = Swift.abs(d)
        let upper = spec.type.map { $0.isUppercase } ?? false
        if !x.isFinite {
            body = x.isNaN ? "nan" : "inf"
            if upper { body = body.uppercased() }
            if spec.type == "%" { body += "%" }
        } else {
            switch spec.type {
            case nil:
                guard spec.precision == nil else { throw PythonSyntax.unsupported("float format with a precision and no type", at: location) }
                body = PythonFloat.repr(x)
            case "f"?, "F"?: body = String(format: "%.\(spec.precision ?? 6)f", x)
            case "e"?, "E"?: body = String(format: "%.\(spec.precision ?? 6)e", x)
            case "g"?, "G"?: body = String(format: spec.alternate ? "%#.\(spec.precision ?? 6)g" : "%.\(spec.precision ?? 6)g", x)
            case "%"?: body = String(format: "%.\(spec.precision ?? 6)f", x * 100) + "%"
            default: throw PythonSyntax.unsupported("format type '\(spec.type!)' for a float", at: location)
            }
            if upper { body = body.uppercased() }
            if spec.alternate && (spec.type == "f" || spec.type == "F" || spec.type == "%") && !body.contains(".") {
                throw PythonSyntax.unsupported("'#' with a precision of 0", at: location)
            }
        }
        if let g = spec.grouping, x.isFinite {
            let end = body.firstIndex { !$0.isNumber } ?? body.endIndex
            body = group(String(body[..<end]), g, every: 3) + body[end...]
        }
        return pad(signText(negative, spec), body, spec, defaultAlign: ">")
    }

    static func signText(_ negative: Bool, _ spec: Spec) -> String {
        if negative { return "-" }
        switch spec.sign {
        case "+": return "+"
        case " ": return " "
        default: return ""
        }
    }

    static func group(_ digits: String, _ separator: Character, every size: Int) -> String {
        var out: [Character] = []
        for (offset, c) in digits.reversed().enumerated() {
            if offset > 0 && offset % size == 0 { out.append(separator) }
            out.append(c)
        }
        return String(out.reversed())
    }

    /// Sign (and prefix) then body, padded to the width; `=` pads between them.
    static func pad(_ sign: String, _ body: String, _ spec: Spec, defaultAlign: Character) -> String {
        let length = sign.unicodeScalars.count + body.unicodeScalars.count
        let missing = spec.width - length
        guard missing > 0 else { return sign + body }
        let fill = { (n: Int) in String(repeating: spec.fill, count: n) }
        switch spec.align ?? defaultAlign {
        case "<": return sign + body + fill(missing)
        case "^": return fill(missing / 2) + sign + body + fill(missing - missing / 2)
        case "=": return sign + fill(missing) + body
        default: return fill(missing) + sign + body
        }
    }
}

extension PythonEvaluator {
    /// The text of an f-string.
    mutating func formatted(_ parts: [PythonFStringPart], sources: inout [String], at location: SourceLocation) throws -> String {
        var text = ""
        for part in parts {
            switch part {
            case .literal(let literal):
                text += literal
            case .field(let expr, let conversion, let specParts):
                let value = try plain(expr)
                Self.merge(value.sources, into: &sources)
                if value.callable != nil { throw PythonSyntax.unsupported("formatting \(value.callable!.described)", at: expr.location) }
                var data = value.value
                if PythonLazy.occurs(in: data) { throw PythonSyntax.unsupported("formatting an imported object (mmengine's LazyObject)", at: expr.location) }
                switch conversion {
                case "r"?: data = .string(PythonRepr.render(data))
                case "a"?:
                    let shown = PythonRepr.render(data)
                    guard shown.unicodeScalars.allSatisfy(\.isASCII) else { throw PythonSyntax.unsupported("'!a' of non-ASCII text", at: expr.location) }
                    data = .string(shown)
                case "s"?: data = .string(PythonFormatting.str(data))
                default: break
                }
                let spec = try formatted(specParts, sources: &sources, at: location)
                text += try PythonFormatting.format(data, spec, at: expr.location)
            }
            try PythonArithmetic.checkSize(scalars: text.unicodeScalars.count, at: location)
        }
        return text
    }
}
