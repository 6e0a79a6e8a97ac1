/// `str.replace`, `split`, `rsplit`, `strip` and `str.format`, on Unicode scalars as CPython does.
enum PythonStrings {
    /// `str.isspace` for one scalar.
    static func isSpace(_ c: Unicode.Scalar) -> Bool {
        c.properties.isWhitespace || (0x1C...0x1F).contains(c.value)
    }

    static func replace(_ s: String, _ old: String, _ new: String, limit: Int, at location: SourceLocation) throws -> String {
        let text = Array(s.unicodeScalars), pattern = Array(old.unicodeScalars), replacement = Array(new.unicodeScalars)
        var out = String.UnicodeScalarView()
        var remaining = limit < 0 ? Int.max : limit
        // The result's length first, so that a huge result is refused before it is built.
        var count = 0
        if pattern.isEmpty {
            count = min(remaining, text.count + 1)
        } else {
            var j = 0
            while j + pattern.count <= text.count && count < remaining {
                if text[j..<j + pattern.count].elementsEqual(pattern) { count += 1; j += pattern.count } else { j += 1 }
            }
        }
        try PythonArithmetic.checkSize(scalars: text.count + count * (replacement.count - pattern.count), at: location)
        var i = 0
        func grow(_ n: Int) throws {
            try PythonArithmetic.checkSize(scalars: out.count + n, at: location)
        }
        if pattern.isEmpty {
            for c in text {
                if remaining > 0 { try grow(replacement.count); out.append(contentsOf: replacement); remaining -= 1 }
                out.append(c)
            }
            if remaining > 0 { try grow(replacement.count); out.append(contentsOf: replacement) }
            return String(out)
        }
        while i < text.count {
            if remaining > 0, i + pattern.count <= text.count, text[i..<i + pattern.count].elementsEqual(pattern) {
                try grow(replacement.count)
                out.append(contentsOf: replacement)
                i += pattern.count
                remaining -= 1
            } else {
                out.append(text[i])
                i += 1
            }
        }
        return String(out)
    }

    static func split(_ s: String, _ sep: String, maxsplit: Int, fromRight: Bool) -> [String] {
        var text = Array(s.unicodeScalars), pattern = Array(sep.unicodeScalars)
        if fromRight { text.reverse(); pattern.reverse() }
        var parts: [[Unicode.Scalar]] = []
        var currentPart: [Unicode.Scalar] = []
        var splits = 0
        var i = 0
        while i < text.count {
            if (maxsplit < 0 || splits < maxsplit), i + pattern.count <= text.count, text[i..<i + pattern.count].elementsEqual(pattern) {
                parts.append(currentPart)
                currentPart = []
                i += pattern.count
                splits += 1
            } else {
                currentPart.append(text[i])
                i += 1
            }
        }
        parts.append(currentPart)
        if fromRight { parts = parts.reversed().map { $0.reversed() } }
        return parts.map { String(String.UnicodeScalarView($0)) }
    }

    static func splitWhitespace(_ s: String, maxsplit: Int, fromRight: Bool) -> [String] {
        var text = Array(s.unicodeScalars)
        if fromRight { text.reverse() }
        var parts: [[Unicode.Scalar]] = []
        var i = 0
        while i < text.count {
            while i < text.count && isSpace(text[i]) { i += 1 }
            if i == text.count { break }
            if maxsplit >= 0 && parts.count == maxsplit {
                parts.append(Array(text[i...]))  // the rest as it is, trailing space included
                break
            }
            var word: [Unicode.Scalar] = []
            while i < text.count && !isSpace(text[i]) { word.append(text[i]); i += 1 }
            parts.append(word)
        }
        if fromRight { parts = parts.reversed().map { $0.reversed() } }
        return parts.map { String(String.UnicodeScalarView($0)) }
    }

    static func strip(_ s: String, _ chars: Set<Unicode.Scalar>?, left: Bool, right: Bool) -> String {
        let text = Array(s.unicodeScalars)
        let strips = { (c: Unicode.Scalar) in chars?.contains(c) ?? isSpace(c) }
        var start = 0, end = text.count
        if left { while start < end && strips(text[start]) { start += 1 } }
        if right { while end > start && strips(text[end - 1]) { end -= 1 } }
        return String(String.UnicodeScalarView(text[start..<end]))
    }
}

extension PythonEvaluator {
    /// `template.format(*args, **kwargs)`: fields `{}`, `{0}`, `{name}`, `{name[key]}`, with
    /// conversions and (nested) format specs.
    func strFormat(_ template: String, _ args: PythonArguments, at location: SourceLocation) throws -> String {
        var automatic = 0
        var numbering: Bool?
        func argument(_ field: String) throws -> ConfigValue {
            var name = Substring(field)
            var indices: [Substring] = []
            if let bracket = name.firstIndex(of: "[") {
                var rest = name[bracket...]
                name = name[..<bracket]
                while rest.first == "[" {
                    guard let close = rest.firstIndex(of: "]") else { throw PythonArithmetic.evalError("Missing ']' in format string", at: location) }
                    indices.append(rest[rest.index(after: rest.startIndex)..<close])
                    rest = rest[rest.index(after: close)...]
                }
                if !rest.isEmpty { throw PythonSyntax.unsupported("format field '\(field)'", at: location) }
            }
            if name.contains(".") { throw PythonSyntax.unsupported("attribute in format field '\(field)'", at: location) }
            var value: Evaluated
            if name.isEmpty {
                if numbering == true { throw PythonArithmetic.evalError("cannot switch from manual field specification to automatic field numbering", at: location) }
                numbering = false
                guard automatic < args.positional.count else { throw PythonArithmetic.evalError("Replacement index \(automatic) out of range for positional args tuple", at: location) }
                value = args.positional[automatic]
                automatic += 1
            } else if let index = Int(name), name.allSatisfy(\.isNumber) {
                if numbering == false { throw PythonArithmetic.evalError("cannot switch from automatic field numbering to manual field specification", at: location) }
                numbering = true
                guard index < args.positional.count else { throw PythonArithmetic.evalError("Replacement index \(index) out of range for positional args tuple", at: location) }
                value = args.positional[index]
            } else {
                guard let found = args.keyword(String(name)) else { throw PythonArithmetic.evalError("KeyError: '\(name)'", at: location) }
                value = found
            }
            for index in indices {
                let key: ConfigValue = Int(index).map { .int(Int64($0)) } ?? .string(String(index))
                value = try item(of: value, key, at: location)
            }
            let data = try dataValue(value)
            if PythonLazy.occurs(in: data) { throw PythonSyntax.unsupported("formatting an imported object (mmengine's LazyObject)", at: location) }
            return data
        }
        func render(_ text: Substring, nested: Bool) throws -> String {
            let chars = Array(text)
            var out = ""
            var i = 0
            while i < chars.count {
                let c = chars[i]
                if c == "{" && !nested && i + 1 < chars.count && chars[i + 1] == "{" { out.append("{"); i += 2; continue }
                if c == "}" && !nested && i + 1 < chars.count && chars[i + 1] == "}" { out.append("}"); i += 2; continue }
                if c == "}" { throw PythonArithmetic.evalError("Single '}' encountered in format string", at: location) }
                guard c == "{" else { out.append(c); i += 1; continue }
                var depth = 1
                var j = i + 1
                while j < chars.count {
                    if chars[j] == "{" { depth += 1 } else if chars[j] == "}" { depth -= 1; if depth == 0 { break } }
                    j += 1
                }
                guard j < chars.count else { throw PythonArithmetic.evalError("expected '}' before end of string", at: location) }
                let field = String(chars[(i + 1)..<j])
                var head = Substring(field), spec = Substring("")
                var conversion: Character?
                if let colon = field.firstIndex(of: ":") {
                    head = field[..<colon]
                    spec = field[field.index(after: colon)...]
                }
                if let bang = head.firstIndex(of: "!") {
                    let rest = head[head.index(after: bang)...]
                    guard rest.count == 1, let conv = rest.first, "sra".contains(conv) else {
                        throw PythonArithmetic.evalError("Unknown conversion specifier \(rest)", at: location)
                    }
                    conversion = conv
                    head = head[..<bang]
                }
                var value = try argument(String(head))
                switch conversion {
                case "r"?: value = .string(PythonRepr.render(value))
                case "s"?: value = .string(PythonFormatting.str(value))
                case "a"?: throw PythonSyntax.unsupported("'!a' conversion", at: location)
                default: break
                }
                let specText = nested ? String(spec) : try render(spec, nested: true)
                out += try PythonFormatting.format(value, specText, at: location)
                try PythonArithmetic.checkSize(scalars: out.unicodeScalars.count, at: location)
                i = j + 1
            }
            return out
        }
        return try render(Substring(template), nested: false)
    }
}
