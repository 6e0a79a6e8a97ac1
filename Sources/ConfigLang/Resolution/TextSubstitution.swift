import Foundation

/// mmengine's textual pre-processing of a config file, before it is parsed:
/// predefined variables (`{{ fileDirname }}` …), environment variables (`{{$NAME:default}}`) and
/// base references (`{{ _base_.a.b }}`, which become quoted placeholder strings that are swapped
/// for the base's value after parsing).
struct TextSubstitution {
    /// A `{{_base_.path}}` found in the text, now the placeholder string `token` in the parsed value.
    struct BaseReference {
        var path: String
        var token: String
        var location: SourceLocation
    }

    var source: SourceText
    var baseReferences: [BaseReference]
    /// Whether any substitution was made (mmengine makes none in new-style configs).
    var changedText: Bool

    /// Applies every substitution to `text` in one pass. `displayPath` names the file in locations;
    /// `absolutePath` gives the predefined variables their values (mmengine uses the absolute path).
    init(text: String, displayPath: String, absolutePath: String, environment: [String: String]) throws {
        let original = SourceText(file: displayPath, text: text)
        var replacements: [SourceText.Replacement] = []
        var references: [BaseReference] = []
        let predefined = Self.predefinedVariables(absolutePath: absolutePath)

        func location(of range: Range<String.Index>) -> SourceLocation {
            let prefix = text[..<range.lowerBound]
            let line = prefix.reduce(into: 1) { count, character in if character == "\n" { count += 1 } }
            let lineStart = prefix.lastIndex(of: "\n").map { text.index(after: $0) } ?? text.startIndex
            return SourceLocation(file: displayPath, line: line, column: text.unicodeScalars[lineStart..<range.lowerBound].count + 1)
        }

        // Swift's Regex is slow on long texts; most config files have no `{{` at all.
        let matches = text.contains("{{") ? text.matches(of: Self.pattern) : []
        for match in matches {
            let range = match.range
            if let name = match.output.predefined {
                // Unknown names stay verbatim, as in mmengine.
                guard let value = predefined[String(name)] else { continue }
                replacements.append(.init(range: range, with: value))
            } else if let name = match.output.envName {
                let defaultText = String(match.output.envDefault ?? "")
                let value: String
                if let set = environment[String(name)] {
                    value = set
                } else {
                    value = defaultText
                }
                // mmengine treats a variable set to "" like a missing one, and does not fall back.
                guard !value.isEmpty else {
                    throw ConfigError(
                        .envMissing,
                        "environment variable '\(name)' is \(environment[String(name)] == nil ? "not set" : "empty") and the reference gives no default",
                        at: location(of: range))
                }
                guard !value.contains("\n") else {
                    throw ConfigError(.envMissing, "environment variable '\(name)' contains a line break; it is substituted into the text and must be one line", at: location(of: range))
                }
                replacements.append(.init(range: range, with: value))
            } else if let path = match.output.basePath {
                let token = "__strata_base_ref_\(references.count)__"
                references.append(BaseReference(path: String(path), token: token, location: location(of: range)))
                replacements.append(.init(range: range, with: "\"\(token)\""))
            }
        }
        source = original.replacing(replacements)
        baseReferences = references
        changedText = !replacements.isEmpty
    }

    static func predefinedVariables(absolutePath: String) -> [String: String] {
        let name = (absolutePath as NSString).lastPathComponent
        let dot = name.lastIndex(of: ".")
        return [
            "fileDirname": (absolutePath as NSString).deletingLastPathComponent,
            "fileBasename": name,
            "fileBasenameNoExtension": dot.map { String(name[..<$0]) } ?? name,
            "fileExtname": dot.map { String(name[$0...]) } ?? "",
        ]
    }

    /// One alternation so that a single left-to-right scan finds every kind of substitution; the
    /// three branches are mmengine's own patterns.
    nonisolated(unsafe) static let pattern = #/
        \{\{ \s* (?<predefined> fileDirname | fileBasenameNoExtension | fileBasename | fileExtname ) \s* \}\}
      | \{\{ ['"]? \s* \$ (?<envName> \w+ ) \s* : \s* (?<envDefault> \S*? ) \s* ['"]? \}\}
      | \{\{ \s* _base_ \. (?<basePath> [\w.]+ ) \s* \}\}
    /#
}
