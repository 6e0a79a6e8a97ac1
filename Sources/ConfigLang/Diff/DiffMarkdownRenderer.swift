/// The diff as a Markdown table, for pull requests and experiment notes.
///
/// | | key | a | b | set in a | set in b |
/// |---|---|---|---|---|---|
/// | ~ | `ckpt_every` | `2000` | `200` (−1800, ×0.1) | stage1.py:56 | stage2.py:94 |
public enum DiffMarkdownRenderer {
    public static func render(_ diff: ConfigDiff, full: Bool = false) -> String {
        var out = "**a**: \(cell(diff.labelA)) · **b**: \(cell(diff.labelB))\n\n"
        if diff.isEqual { return out + "No differences.\n" }
        out += "| | key | a | b | set in a | set in b |\n|---|---|---|---|---|---|\n"
        for entry in full ? diff.leaves : diff.entries {
            out += "| " + row(entry, full: full).map(cell).joined(separator: " | ") + " |\n"
        }
        return out
    }

    private static func row(_ entry: DiffEntry, full: Bool) -> [String] {
        let limit = full ? nil : 60
        let path = code(entry.path.description)
        let setA = entry.a.map { DiffFormatting.origin($0.origin) } ?? ""
        let setB = entry.b.map { DiffFormatting.origin($0.origin) } ?? ""
        switch entry.kind {
        case .added:
            return ["+", path, "", code(DiffFormatting.value(entry.b, limit: limit)), "", setB]
        case .removed:
            return ["-", path, code(DiffFormatting.value(entry.a, limit: limit)), "", setA, ""]
        case .changed:
            var b = code(DiffFormatting.value(entry.b, limit: limit))
            // The change column is the new value plus its delta: "200 (−1800, ×0.1)".
            let full = DiffFormatting.change(entry, limit: limit)
            if let open = full.lastIndex(of: "("), full.hasSuffix(")"), entry.numericChange != nil || entry.typeChange != nil {
                b += " " + String(full[open...])
            }
            return ["~", path, code(DiffFormatting.value(entry.a, limit: limit)), b, setA, setB]
        case .reordered:
            return ["~", path, "order " + code(order(entry.a)), "order " + code(order(entry.b)), setA, setB]
        case .summary:
            let text = entry.summary.map(DiffFormatting.summary) ?? ""
            return ["~", path, text, "", setA, setB]
        }
    }

    private static func order(_ node: ConfigNode?) -> String {
        (DiffEngine.uniqueTypes(node?.value.sequenceItems ?? []) ?? []).joined(separator: ", ")
    }

    private static func code(_ text: String) -> String {
        text.isEmpty ? "" : "`" + text.replacingOccurrences(of: "`", with: "'") + "`"
    }

    /// Pipes would end the cell and newlines the row.
    private static func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }
}
