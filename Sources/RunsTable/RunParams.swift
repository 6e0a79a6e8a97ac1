/// A run's config leaves (`optim.lr → 0.001`), kept as the index stores them: one string of
/// `key US value` pairs separated by RS (escaped, keys sorted). A listing of thousands of runs
/// looks up a few keys per run, so the string is searched on demand instead of being split into
/// a dictionary per run.
public struct RunParams: Sendable, Equatable {
    /// The canonical text (see `RunIndex` for the escapes).
    public private(set) var text: String

    public init(_ values: [String: String]) {
        text = values.keys.sorted().map { Escapes.escape($0) + "\u{1F}" + Escapes.escape(values[$0]!) }.joined(separator: "\u{1E}")
    }

    init(text: String) {
        self.text = text
    }

    public subscript(key: String) -> String? {
        let needle = Array((Escapes.escape(key) + "\u{1F}").utf8)
        let searched = text.utf8.withContiguousStorageIfAvailable { bytes -> String? in
            var start = 0
            while start + needle.count <= bytes.count {
                // `start` is at the beginning of a pair.
                var end = start
                while end < bytes.count, bytes[end] != 0x1E { end += 1 }
                if end - start >= needle.count, (0..<needle.count).allSatisfy({ bytes[start + $0] == needle[$0] }) {
                    let value = UnsafeBufferPointer(rebasing: bytes[(start + needle.count)..<end])
                    return Escapes.unescape(Substring(String(decoding: value, as: UTF8.self)))
                }
                start = end + 1
            }
            return nil
        }
        // A string without contiguous UTF-8 (never for the index's own) is split instead.
        return searched ?? dictionary[key]
    }

    public var dictionary: [String: String] {
        var out: [String: String] = [:]
        for pair in text.split(separator: "\u{1E}") {
            let parts = pair.split(separator: "\u{1F}", maxSplits: 1, omittingEmptySubsequences: false)
            if parts.count == 2 { out[Escapes.unescape(parts[0])] = Escapes.unescape(parts[1]) }
        }
        return out
    }
}

/// Tabs, newlines, the two separators and the backslash written as backslash escapes, so that a
/// value never breaks the index's lines, fields or pairs.
enum Escapes {
    static func escape(_ text: String) -> String {
        guard text.contains(where: { "\\\t\n\r\u{1E}\u{1F}".contains($0) }) else { return text }
        var out = ""
        for character in text {
            switch character {
            case "\\": out += "\\\\"
            case "\t": out += "\\t"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\u{1E}": out += "\\R"
            case "\u{1F}": out += "\\U"
            default: out.append(character)
            }
        }
        return out
    }

    static func unescape(_ text: Substring) -> String {
        guard text.contains("\\") else { return String(text) }
        var out = ""
        var escaped = false
        for character in text {
            if escaped {
                out += ["t": "\t", "n": "\n", "r": "\r", "R": "\u{1E}", "U": "\u{1F}"][character] ?? String(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else {
                out.append(character)
            }
        }
        return out
    }
}
