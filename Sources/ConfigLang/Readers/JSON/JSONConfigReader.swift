/// Reads a JSON config the way Python's `json.load` does (what mmengine uses), keeping key order
/// and the position of every value and key.
///
/// Python semantics: keys are strings; duplicate keys keep the last value at the first key's
/// position; `NaN`, `Infinity` and `-Infinity` are accepted; integers are exact (beyond 64 bits is
/// an error here); `1.0` stays a float; `1e400` is infinity; raw control characters in strings are
/// rejected; whitespace is space, tab, CR and LF. A lone surrogate escape (`"\ud800"`), which
/// Python keeps, cannot be held in a Swift string and is an `.unsupportedValue` error.
public enum JSONConfigReader {
    public static func read(_ source: SourceText) throws -> ConfigNode {
        var parser = JSONParser(source)
        return try parser.parseDocument()
    }
}

struct JSONParser {
    let source: SourceText
    let scalars: [Unicode.Scalar]
    var index = 0
    var line = 1
    var column = 1
    var depth = 0

    /// Deeper nesting is refused instead of risking the stack (Python stops near 1000).
    static let maximumDepth = 400

    init(_ source: SourceText) {
        self.source = source
        self.scalars = Array(source.text.unicodeScalars)
    }

    var here: SourceLocation { source.location(line: line, column: column) }
    var current: Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }

    mutating func advance() {
        guard let c = current else { return }
        index += 1
        if c == "\n" {
            line += 1
            column = 1
        } else {
            column += 1
        }
    }

    func error(_ message: String, at location: SourceLocation? = nil) -> ConfigError {
        ConfigError(.jsonSyntax, message, at: location ?? here)
    }

    mutating func skipWhitespace() {
        while let c = current, c == " " || c == "\t" || c == "\n" || c == "\r" { advance() }
    }

    mutating func parseDocument() throws -> ConfigNode {
        if current == "\u{FEFF}" {
            throw error("unexpected UTF-8 byte order mark (Python's json.load refuses it)")
        }
        skipWhitespace()
        let node = try parseValue()
        skipWhitespace()
        if current != nil { throw error("extra data after the top-level value") }
        return node
    }

    mutating func parseValue() throws -> ConfigNode {
        let start = here
        guard let c = current else { throw error("expected a value, found the end of the file") }
        switch c {
        case "{": return try parseObject()
        case "[": return try parseArray()
        case "\"": return ConfigNode(.string(try parseString()), location: start)
        case "-", "0"..."9":
            if c == "-" && matches("-Infinity") {
                consume("-Infinity")
                return ConfigNode(.float(-.infinity), location: start)
            }
            return try parseNumber()
        default:
            for (word, value) in [("null", ConfigValue.null), ("true", .bool(true)), ("false", .bool(false)),
                                  ("NaN", .float(.nan)), ("Infinity", .float(.infinity))] where matches(word) {
                consume(word)
                return ConfigNode(value, location: start)
            }
            throw error("expected a value")
        }
    }

    func matches(_ word: String) -> Bool {
        var i = index
        for c in word.unicodeScalars {
            guard i < scalars.count, scalars[i] == c else { return false }
            i += 1
        }
        return true
    }

    mutating func consume(_ word: String) {
        for _ in word.unicodeScalars { advance() }
    }

    mutating func enter() throws {
        depth += 1
        if depth > Self.maximumDepth {
            throw error("nesting deeper than \(Self.maximumDepth) levels (strata's limit)")
        }
    }

    mutating func parseObject() throws -> ConfigNode {
        let start = here
        try enter()
        defer { depth -= 1 }
        advance()  // {
        var mapping = ConfigMapping()
        skipWhitespace()
        if current == "}" {
            advance()
            return ConfigNode(.mapping(mapping), location: start)
        }
        while true {
            skipWhitespace()
            guard current == "\"" else {
                if current == "}" && !mapping.isEmpty {
                    throw error("expected a key in double quotes (JSON allows no trailing comma)")
                }
                throw error("expected a key in double quotes")
            }
            let keyLocation = here
            let key = try parseString()
            skipWhitespace()
            guard current == ":" else { throw error("expected ':' after an object key") }
            advance()
            skipWhitespace()
            var value = try parseValue()
            value.keyLocation = keyLocation
            mapping[.string(key)] = value
            skipWhitespace()
            if current == "," {
                advance()
                continue
            }
            guard current == "}" else { throw error("expected ',' or '}' after an object entry") }
            advance()
            return ConfigNode(.mapping(mapping), location: start)
        }
    }

    mutating func parseArray() throws -> ConfigNode {
        let start = here
        try enter()
        defer { depth -= 1 }
        advance()  // [
        var items: [ConfigNode] = []
        skipWhitespace()
        if current == "]" {
            advance()
            return ConfigNode(.list(items), location: start)
        }
        while true {
            skipWhitespace()
            if current == "]" && !items.isEmpty {
                throw error("expected a value (JSON allows no trailing comma)")
            }
            items.append(try parseValue())
            skipWhitespace()
            if current == "," {
                advance()
                continue
            }
            guard current == "]" else { throw error("expected ',' or ']' after an array item") }
            advance()
            return ConfigNode(.list(items), location: start)
        }
    }
}
