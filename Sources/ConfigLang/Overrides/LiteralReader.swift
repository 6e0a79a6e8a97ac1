/// The small literal language of override values: `[1, 2]`, `(1.0, 4)`, `{a: 1, 33: (1.0, 4)}`,
/// quoted strings, and bare scalars typed as numbers, booleans, null or else strings.
/// Unlike mmengine's option parser it keeps spaces inside strings and never splits a quoted comma.
struct LiteralReader {
    private let scalars: [Unicode.Scalar]
    private var index = 0
    /// Collections open around the current position: bounded as config files are, so that a
    /// value like `[[[[…]]]]` is an error, not a stack overflow.
    private var depth = 0
    static let maximumDepth = 200

    struct SyntaxError: Error {
        var message: String
    }

    init(_ text: String) {
        scalars = Array(text.unicodeScalars)
    }

    mutating func readWhole() throws -> ConfigValue {
        let value = try readValue(insideCollection: false)
        skipSpaces()
        guard index == scalars.count else {
            throw SyntaxError(message: "unexpected '\(Character(scalars[index]))' after the value")
        }
        return value
    }

    private mutating func readValue(insideCollection: Bool) throws -> ConfigValue {
        skipSpaces()
        guard index < scalars.count else {
            if insideCollection { throw SyntaxError(message: "a value is missing") }
            return .string("")
        }
        if ["[", "(", "{"].contains(scalars[index]) {
            depth += 1
            guard depth <= Self.maximumDepth else { throw SyntaxError(message: "nested deeper than \(Self.maximumDepth) levels") }
        }
        switch scalars[index] {
        case "[":
            defer { depth -= 1 }
            return .list(try readItems(closing: "]"))
        case "(":
            defer { depth -= 1 }
            return .tuple(try readItems(closing: ")"))
        case "{":
            defer { depth -= 1 }
            return .mapping(try readEntries())
        case "\"", "'": return .string(try readQuoted())
        default: return scalar(readBare(insideCollection: insideCollection, stopAtColon: false))
        }
    }

    private mutating func readItems(closing: Unicode.Scalar) throws -> [ConfigNode] {
        index += 1
        var items: [ConfigNode] = []
        while true {
            skipSpaces()
            guard index < scalars.count else { throw SyntaxError(message: "'\(closing)' is missing") }
            if scalars[index] == closing { index += 1; return items }
            items.append(ConfigNode(try readValue(insideCollection: true), location: nil))
            skipSpaces()
            guard index < scalars.count else { throw SyntaxError(message: "'\(closing)' is missing") }
            if scalars[index] == "," { index += 1; continue }
            guard scalars[index] == closing else { throw SyntaxError(message: "expected ',' or '\(closing)', found '\(Character(scalars[index]))'") }
        }
    }

    private mutating func readEntries() throws -> ConfigMapping {
        index += 1
        var entries = ConfigMapping()
        while true {
            skipSpaces()
            guard index < scalars.count else { throw SyntaxError(message: "'}' is missing") }
            if scalars[index] == "}" { index += 1; return entries }
            let key: ConfigKey
            if scalars[index] == "\"" || scalars[index] == "'" {
                key = .string(try readQuoted())
            } else {
                let word = readBare(insideCollection: true, stopAtColon: true)
                guard !word.isEmpty else { throw SyntaxError(message: "a key is missing") }
                key = OverrideValue.integer(word).map { .int($0) } ?? .string(word)
            }
            skipSpaces()
            guard index < scalars.count, scalars[index] == ":" else { throw SyntaxError(message: "expected ':' after the key '\(key)'") }
            index += 1
            entries[key] = ConfigNode(try readValue(insideCollection: true), location: nil)
            skipSpaces()
            guard index < scalars.count else { throw SyntaxError(message: "'}' is missing") }
            if scalars[index] == "," { index += 1; continue }
            guard scalars[index] == "}" else { throw SyntaxError(message: "expected ',' or '}', found '\(Character(scalars[index]))'") }
        }
    }

    private mutating func readQuoted() throws -> String {
        let quote = scalars[index]
        index += 1
        var out = String.UnicodeScalarView()
        while index < scalars.count {
            let c = scalars[index]
            index += 1
            if c == quote { return String(out) }
            if c == "\\", index < scalars.count {
                let next = scalars[index]
                index += 1
                switch next {
                case "n": out.append("\n")
                case "t": out.append("\t")
                default: out.append(next)
                }
            } else {
                out.append(c)
            }
        }
        throw SyntaxError(message: "the string is not closed with \(Character(quote))")
    }

    /// A bare word: up to a delimiter when inside a collection, the whole rest otherwise.
    private mutating func readBare(insideCollection: Bool, stopAtColon: Bool) -> String {
        var out = String.UnicodeScalarView()
        while index < scalars.count {
            let c = scalars[index]
            if insideCollection && (c == "," || c == "]" || c == ")" || c == "}") { break }
            if stopAtColon && c == ":" { break }
            out.append(c)
            index += 1
        }
        return String(out).trimmingWhitespace
    }

    private func scalar(_ word: String) -> ConfigValue {
        if OverrideValue.isNullWord(word) { return .null }
        if word == "true" || word == "True" { return .bool(true) }
        if word == "false" || word == "False" { return .bool(false) }
        if let i = OverrideValue.integer(word) { return .int(i) }
        if let f = OverrideValue.float(word) { return .float(f) }
        return .string(word)
    }

    private mutating func skipSpaces() {
        while index < scalars.count, scalars[index].properties.isWhitespace { index += 1 }
    }
}
