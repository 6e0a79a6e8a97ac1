/// PyYAML 6's implicit resolvers (`resolver.py`) for plain scalars, transcribed by hand.
///
/// PyYAML picks the candidate regexes by the first character, in registration order
/// (bool, float, int, merge, null, timestamp, value), and the first match wins. Every character
/// class in those regexes is ASCII, so matching on UTF-8 bytes is exact. Python's `$` also matches
/// before one final newline; a plain scalar never ends with one, but a `! "..."` scalar (which
/// libyaml marks plain-implicit) can, so that case is kept.
enum YAMLScalarResolver {
    static func resolve(_ text: String) -> YAMLTag {
        var bytes = Array(text.utf8)
        guard let first = bytes.first else { return .null }
        if bytes.last == UInt8(ascii: "\n") { bytes.removeLast() }
        let candidates: [YAMLTag]
        switch first {
        case UInt8(ascii: "y"), UInt8(ascii: "Y"), UInt8(ascii: "t"), UInt8(ascii: "T"),
             UInt8(ascii: "f"), UInt8(ascii: "F"), UInt8(ascii: "o"), UInt8(ascii: "O"):
            candidates = [.bool]
        case UInt8(ascii: "n"), UInt8(ascii: "N"): candidates = [.bool, .null]
        case UInt8(ascii: "-"), UInt8(ascii: "+"): candidates = [.float, .int]
        case UInt8(ascii: "0")...UInt8(ascii: "9"): candidates = [.float, .int, .timestamp]
        case UInt8(ascii: "."): candidates = [.float]
        case UInt8(ascii: "<"): candidates = [.merge]
        case UInt8(ascii: "~"): candidates = [.null]
        case UInt8(ascii: "="): candidates = [.value]
        default: candidates = []
        }
        for tag in candidates where matches(tag, bytes) { return tag }
        return .str
    }

    private static func matches(_ tag: YAMLTag, _ b: [UInt8]) -> Bool {
        let s = String(decoding: b, as: UTF8.self)
        switch tag {
        case .bool: return boolWords.contains(s)
        case .null: return s == "~" || s == "null" || s == "Null" || s == "NULL" || s.isEmpty
        case .merge: return s == "<<"
        case .value: return s == "="
        case .float: return isFloat(b)
        case .int: return isInt(b)
        case .timestamp: return isTimestamp(b)
        default: return false
        }
    }

    static let boolWords: Set<String> = [
        "yes", "Yes", "YES", "no", "No", "NO", "true", "True", "TRUE",
        "false", "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF",
    ]

    // MARK: - Byte cursor helpers

    private struct Cursor {
        let b: [UInt8]
        var i = 0
        var atEnd: Bool { i == b.count }
        var peek: UInt8? { i < b.count ? b[i] : nil }

        mutating func eat(_ c: Character) -> Bool {
            if peek == c.asciiValue { i += 1; return true }
            return false
        }
        mutating func eat(where predicate: (UInt8) -> Bool) -> Bool {
            if let c = peek, predicate(c) { i += 1; return true }
            return false
        }
        /// Consumes as many as match; returns how many.
        @discardableResult
        mutating func eatAll(where predicate: (UInt8) -> Bool) -> Int {
            let start = i
            while let c = peek, predicate(c) { i += 1 }
            return i - start
        }
        mutating func eatSign() { _ = eat("-") || eat("+") }
        /// `(?:[eE][-+][0-9]+)?`
        mutating func eatOptionalExponent() -> Bool {
            let save = i
            if eat("e") || eat("E") {
                if (eat("-") || eat("+")) && eatAll(where: isDigit) > 0 { return true }
                i = save
                return false
            }
            return true
        }
        /// `(?::[0-5]?[0-9])+`: at least one group. A two-digit group needs a first digit 0-5; one
        /// digit left over after a group can never be matched by what follows, so greedy is exact.
        mutating func eatSexagesimalGroups() -> Bool {
            var groups = 0
            while peek == UInt8(ascii: ":") {
                let save = i
                i += 1
                guard let d1 = peek, isDigit(d1) else { i = save; break }
                i += 1
                if d1 <= UInt8(ascii: "5"), let d2 = peek, isDigit(d2) { i += 1 }
                groups += 1
            }
            return groups > 0
        }
    }

    static func isDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }
    private static func isDigitOrUnderscore(_ c: UInt8) -> Bool { isDigit(c) || c == UInt8(ascii: "_") }

    // MARK: - float

    private static func isFloat(_ b: [UInt8]) -> Bool {
        // [-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?
        do {
            var c = Cursor(b: b)
            c.eatSign()
            if c.eat(where: isDigit) {
                c.eatAll(where: isDigitOrUnderscore)
                if c.eat(".") {
                    c.eatAll(where: isDigitOrUnderscore)
                    if c.eatOptionalExponent() && c.atEnd { return true }
                }
            }
        }
        // \.[0-9][0-9_]*(?:[eE][-+][0-9]+)?
        do {
            var c = Cursor(b: b)
            if c.eat("."), c.eat(where: isDigit) {
                c.eatAll(where: isDigitOrUnderscore)
                if c.eatOptionalExponent() && c.atEnd { return true }
            }
        }
        // [-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*
        do {
            var c = Cursor(b: b)
            c.eatSign()
            if c.eat(where: isDigit) {
                c.eatAll(where: isDigitOrUnderscore)
                if c.eatSexagesimalGroups(), c.eat(".") {
                    c.eatAll(where: isDigitOrUnderscore)
                    if c.atEnd { return true }
                }
            }
        }
        let s = String(decoding: b, as: UTF8.self)
        // [-+]?\.(?:inf|Inf|INF) and \.(?:nan|NaN|NAN)
        let unsigned = s.hasPrefix("-") || s.hasPrefix("+") ? String(s.dropFirst()) : s
        if [".inf", ".Inf", ".INF"].contains(unsigned) { return true }
        return [".nan", ".NaN", ".NAN"].contains(s)
    }

    // MARK: - int

    private static func isInt(_ b: [UInt8]) -> Bool {
        var start = Cursor(b: b)
        start.eatSign()
        // [-+]?0b[0-1_]+
        do {
            var c = start
            if c.eat("0"), c.eat("b"), c.eatAll(where: { $0 == UInt8(ascii: "0") || $0 == UInt8(ascii: "1") || $0 == UInt8(ascii: "_") }) > 0, c.atEnd {
                return true
            }
        }
        // [-+]?0[0-7_]+
        do {
            var c = start
            if c.eat("0"), c.eatAll(where: { ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "7")) || $0 == UInt8(ascii: "_") }) > 0, c.atEnd {
                return true
            }
        }
        // [-+]?(?:0|[1-9][0-9_]*)
        do {
            var c = start
            if c.eat("0"), c.atEnd { return true }
            c = start
            if c.eat(where: { $0 >= UInt8(ascii: "1") && $0 <= UInt8(ascii: "9") }) {
                c.eatAll(where: isDigitOrUnderscore)
                if c.atEnd { return true }
            }
        }
        // [-+]?0x[0-9a-fA-F_]+
        do {
            var c = start
            if c.eat("0"), c.eat("x"), c.eatAll(where: { isDigit($0) || (0x61...0x66).contains($0) || (0x41...0x46).contains($0) || $0 == UInt8(ascii: "_") }) > 0, c.atEnd {
                return true
            }
        }
        // [-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+
        do {
            var c = start
            if c.eat(where: { $0 >= UInt8(ascii: "1") && $0 <= UInt8(ascii: "9") }) {
                c.eatAll(where: isDigitOrUnderscore)
                if c.eatSexagesimalGroups(), c.atEnd { return true }
            }
        }
        return false
    }

    // MARK: - timestamp

    private static func isTimestamp(_ b: [UInt8]) -> Bool {
        // [0-9]{4}-[0-9]{2}-[0-9]{2}
        if b.count == 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"),
           [0, 1, 2, 3, 5, 6, 8, 9].allSatisfy({ isDigit(b[$0]) }) {
            return true
        }
        return YAMLTimestamp.parse(b, requireTime: true) != nil
    }
}
