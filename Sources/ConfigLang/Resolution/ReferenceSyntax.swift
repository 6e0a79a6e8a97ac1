/// The text form of late-bound references and the lookup of their paths.
enum ReferenceSyntax {
    enum Piece: Equatable {
        case text(String)
        case reference(String)
    }

    /// Splits a string into literal text and `${path}` references. `\${` is a literal `${`.
    static func split(_ text: String, at location: SourceLocation?) throws -> [Piece] {
        var pieces: [Piece] = []
        var literal = ""
        var index = text.startIndex
        while index < text.endIndex {
            let rest = text[index...]
            if rest.hasPrefix("\\${") {
                literal += "${"
                index = text.index(index, offsetBy: 3)
            } else if rest.hasPrefix("${") {
                guard let close = rest.firstIndex(of: "}") else {
                    throw ConfigError(.referenceMissing, "'${' opens a reference that is never closed with '}' (write \\${ for a literal)", at: location)
                }
                let path = String(rest[rest.index(index, offsetBy: 2)..<close])
                guard isValidPath(path) else {
                    throw ConfigError(.referenceMissing, "'${\(path)}' is not a reference: expected dotted keys like ${model.hidden_size}", at: location)
                }
                if !literal.isEmpty { pieces.append(.text(literal)); literal = "" }
                pieces.append(.reference(path))
                index = text.index(after: close)
            } else {
                literal.append(text[index])
                index = text.index(after: index)
            }
        }
        if !literal.isEmpty || pieces.isEmpty { pieces.append(.text(literal)) }
        return pieces
    }

    static func isValidPath(_ path: String) -> Bool {
        !path.isEmpty && path.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { segment in
            !segment.isEmpty && segment.allSatisfy { !$0.isWhitespace && $0 != "{" && $0 != "$" }
        }
    }

    /// The node at `path` from the root of the config. Errors are of `kind` and name the path as
    /// `label` (`${a.b}` for references).
    static func find(
        _ path: String, in root: ConfigNode, from location: SourceLocation?,
        kind: ConfigError.Kind = .referenceMissing, label: String? = nil
    ) throws -> ConfigNode {
        let label = label ?? "${\(path)}"
        var current = root
        var walked: [Substring] = []
        for segment in path.split(separator: ".") {
            let scope = walked.isEmpty ? "the config" : "'\(walked.joined(separator: "."))'"
            switch current.value {
            case .mapping(let entries):
                let key: ConfigKey? = entries[.string(String(segment))] != nil
                    ? .string(String(segment))
                    : Int64(segment).flatMap { entries[.int($0)] != nil ? ConfigKey.int($0) : nil }
                guard let key, let next = entries[key] else {
                    let suggestion = Suggestions.closest(to: String(segment), among: entries.keys.map(\.description))
                    throw ConfigError(kind, "\(label): \(scope) has no key '\(segment)'" + (suggestion.map { "; did you mean '\($0)'?" } ?? ""), at: location)
                }
                current = next
            case .list(let items), .tuple(let items):
                guard let index = Int(segment), items.indices.contains(index) else {
                    throw ConfigError(kind, "\(label): \(scope) is a \(current.value.kindName) of \(items.count) items; '\(segment)' is not an index of it", at: location)
                }
                current = items[index]
            default:
                throw ConfigError(kind, "\(label): \(scope) is a \(current.value.kindName), which has no key '\(segment)'", at: location)
            }
            walked.append(segment)
        }
        return current
    }

    /// The text of a scalar placed inside a string, as Python's `str()` would write it.
    static func interpolationText(_ value: ConfigValue) -> String? {
        switch value {
        case .null: return "None"
        case .bool(let b): return b ? "True" : "False"
        case .int(let i): return String(i)
        case .float(let f): return PythonFloat.repr(f)
        case .string(let s), .timestamp(let s): return s
        case .list, .tuple, .mapping: return nil
        }
    }
}

extension ConfigNode {
    /// The node at a dotted path (`model.depth`, `bucket_config.256px.51`), as `${…}` references
    /// and `strata dump --key` name it: an all-digit segment indexes a list or tuple, or names an
    /// integer key. A missing key is an `.invalidOverride` error with a did-you-mean suggestion.
    public func descendant(at path: String) throws -> ConfigNode {
        guard ReferenceSyntax.isValidPath(path) else {
            throw ConfigError(.invalidOverride, "'\(path)' is not a key path: expected dotted keys like model.hidden_size")
        }
        return try ReferenceSyntax.find(path, in: self, from: nil, kind: .invalidOverride, label: "key '\(path)'")
    }
}
