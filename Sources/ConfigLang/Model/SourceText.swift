/// The text a reader parses, with the way back to positions in the file as the user wrote it.
///
/// mmengine substitutes `{{ fileDirname }}`, `{{$ENV:default}}` and `{{_base_.x}}` in the raw text
/// before parsing. We do the same, but keep a record of each edit so that every location a reader
/// reports is translated back to the line and column of the original file.
public struct SourceText: Sendable {
    /// The file name used in locations (as the user named it).
    public let file: String
    /// The text to parse (after substitutions).
    public let text: String
    /// Edits on each line (1-based), in increasing column order, in columns of the edited text.
    private var edits: [Int: [Edit]]

    struct Edit: Sendable {
        var newStart: Int, newEnd: Int  // half-open, 1-based columns in the edited line
        var oldStart: Int, oldEnd: Int  // half-open, 1-based columns in the original line
    }

    public init(file: String, text: String) {
        self.file = file
        self.text = text
        self.edits = [:]
    }

    private init(file: String, text: String, edits: [Int: [Edit]]) {
        self.file = file
        self.text = text
        self.edits = edits
    }

    /// The location in the original file of a position in `text` (1-based line and column,
    /// columns counted in Unicode scalars). A position inside a substituted span maps to its start.
    public func location(line: Int, column: Int) -> SourceLocation {
        guard let lineEdits = edits[line] else { return SourceLocation(file: file, line: line, column: column) }
        var shift = 0
        for edit in lineEdits {
            if column < edit.newStart { break }
            if column < edit.newEnd { return SourceLocation(file: file, line: line, column: edit.oldStart) }
            shift = edit.oldEnd - edit.newEnd
        }
        return SourceLocation(file: file, line: line, column: column + shift)
    }

    /// A replacement of part of one line: the matched text's range in `text` and what goes there.
    public struct Replacement {
        public var range: Range<String.Index>
        public var with: String
        public init(range: Range<String.Index>, with: String) {
            self.range = range
            self.with = with
        }
    }

    /// Applies non-overlapping replacements (in any order) to `text`, keeping the map back to the
    /// original columns. Replacements must not contain or span newlines; callers check that.
    /// All substitutions of a file are applied in one call: the map goes back one step only.
    public func replacing(_ replacements: [Replacement]) -> SourceText {
        guard !replacements.isEmpty else { return self }
        precondition(edits.isEmpty, "SourceText.replacing is applied once, to the original text")
        let sorted = replacements.sorted { $0.range.lowerBound < $1.range.lowerBound }
        var result = ""
        var newEdits = edits
        var cursor = text.startIndex
        var line = 1
        var lineStart = text.startIndex
        // Column bookkeeping for the line being built in `result`.
        var builtColumnShift = 0
        for replacement in sorted {
            // Advance through the untouched text, tracking lines.
            let untouched = text[cursor..<replacement.range.lowerBound]
            for scalarIndex in untouched.unicodeScalars.indices where untouched.unicodeScalars[scalarIndex] == "\n" {
                line += 1
                lineStart = untouched.unicodeScalars.index(after: scalarIndex)
                builtColumnShift = 0
            }
            result += untouched
            let oldStart = text.unicodeScalars[lineStart..<replacement.range.lowerBound].count + 1
            let oldLength = text.unicodeScalars[replacement.range].count
            let newLength = replacement.with.unicodeScalars.count
            let newStart = oldStart + builtColumnShift
            var lineEdits = newEdits[line] ?? []
            lineEdits.append(Edit(newStart: newStart, newEnd: newStart + newLength,
                                  oldStart: oldStart, oldEnd: oldStart + oldLength))
            newEdits[line] = lineEdits
            builtColumnShift += newLength - oldLength
            result += replacement.with
            cursor = replacement.range.upperBound
        }
        result += text[cursor...]
        return SourceText(file: file, text: result, edits: newEdits)
    }
}
