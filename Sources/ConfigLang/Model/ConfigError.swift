import Foundation

/// The one error type of ConfigLang: a category, a message and where it happened.
///
/// Rendered as `file:line:col: error: message`, the source line and a caret, like a compiler.
public struct ConfigError: Error, Sendable, CustomStringConvertible {
    /// Categories follow the classification used by the differential tests against mmengine,
    /// plus our own for what mmengine does not detect.
    public enum Kind: String, Sendable, CaseIterable {
        case missingFile = "missing-file"
        case unsupportedFormat = "unsupported-format"
        case baseCycle = "base-cycle"
        case duplicateBaseKey = "duplicate-base-key"
        case invalidBaseSpec = "invalid-base-spec"
        case notAMapping = "not-a-mapping"
        case nonStringTopLevelKey = "non-str-top-level-key"
        case mergeTypeConflict = "merge-type-conflict"
        case baseRefMissing = "base-ref-missing"
        case baseRefInvalid = "base-ref-invalid"
        case envMissing = "env-missing"
        case reservedKey = "reserved-key"
        case yamlSyntax = "yaml-syntax"
        case jsonSyntax = "json-syntax"
        /// Python syntax errors and evaluation errors (unknown names, bad operand types).
        case pythonEval = "python-eval"
        case unsupportedConstruct = "unsupported-construct"
        /// A value outside what the model holds (an integer beyond 64 bits, a key of another type).
        case unsupportedValue = "unsupported-value"
        case referenceMissing = "reference-missing"
        case referenceCycle = "reference-cycle"
        /// Overrides and key lookups from the command line.
        case invalidOverride = "invalid-override"
        /// A value that does not fit the declared schema of its stage or registered type.
        case schema = "schema"
        /// Stage graph problems: a missing stage, a cycle, a broken contract along an edge.
        case stageGraph = "stage-graph"
        case io = "io"
    }

    /// An extra located remark ("first defined here").
    public struct Note: Sendable {
        public var message: String
        public var location: SourceLocation?
        public init(_ message: String, at location: SourceLocation? = nil) {
            self.message = message
            self.location = location
        }
    }

    public var kind: Kind
    public var message: String
    public var location: SourceLocation?
    public var notes: [Note]

    public init(_ kind: Kind, _ message: String, at location: SourceLocation? = nil, notes: [Note] = []) {
        self.kind = kind
        self.message = message
        self.location = location
        self.notes = notes
    }

    public var description: String { rendered(quotingSource: false) }

    /// The compiler-style text. With `quotingSource`, each located line is followed by the source
    /// line it points at and a caret under the column (the file is read again for that; a file that
    /// cannot be read just loses the quote).
    public func rendered(quotingSource: Bool = true) -> String {
        var sources: SourceLines? = quotingSource ? SourceLines() : nil
        var out = Self.line(location, "error", message, &sources)
        for note in notes {
            out += "\n" + Self.line(note.location, "note", note.message, &sources)
        }
        return out
    }

    /// `sources` is nil when the source lines are not quoted.
    private static func line(_ location: SourceLocation?, _ severity: String, _ message: String, _ sources: inout SourceLines?) -> String {
        guard let location else { return "\(severity): \(message)" }
        var out = "\(location): \(severity): \(message)"
        if let source = sources?.line(location.line, of: location.file) {
            out += "\n" + source + "\n" + SourceLines.caret(under: location.column, in: source)
        }
        return out
    }
}

/// Lines of source files for quoting in messages, each file read once.
struct SourceLines {
    private var files: [String: [Substring]] = [:]

    /// Line `number` (1-based) of `file`, without its line break; nil when unreadable.
    mutating func line(_ number: Int, of file: String) -> String? {
        if files[file] == nil {
            guard let data = FileManager.default.contents(atPath: file) else { return nil }
            files[file] = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        }
        guard let lines = files[file], number >= 1, number <= lines.count else { return nil }
        let line = lines[number - 1]
        return String(line.hasSuffix("\r") ? line.dropLast() : line)
    }

    /// Columns count Unicode scalars; tabs in the quoted line are kept so the caret lines up.
    static func caret(under column: Int, in source: String) -> String {
        var pad = ""
        for (index, scalar) in source.unicodeScalars.enumerated() where index < column - 1 {
            pad.append(scalar == "\t" ? "\t" : " ")
        }
        if pad.unicodeScalars.count < column - 1 {
            pad += String(repeating: " ", count: column - 1 - pad.unicodeScalars.count)
        }
        return pad + "^"
    }
}
