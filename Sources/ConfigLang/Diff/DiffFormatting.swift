import Foundation

/// Pieces of text the human renderers (text and Markdown) share, so both say the same thing.
enum DiffFormatting {
    /// `file:line` for a file (the column adds noise on a diff line), `argument 3 --lr=1e-4` for
    /// an override.
    static func origin(_ origin: Origin?) -> String {
        guard let origin else { return "?" }
        switch origin {
        case .file(let location): return "\(location.file):\(location.line)"
        case .experiment(let location): return "\(location.file):\(location.line) (experiment)"
        case .argument(let index, let text): return "argument \(index) \(text)"
        case .builtin(let why): return "<\(why)>"
        }
    }

    /// Which layer set the value on each side: `a.py:3 → b.py:9`, or one side for added/removed.
    static func attribution(_ entry: DiffEntry) -> String {
        switch entry.kind {
        case .added: return origin(entry.b?.origin)
        case .removed: return origin(entry.a?.origin)
        case .changed, .reordered, .summary:
            return origin(entry.a?.origin) + " → " + origin(entry.b?.origin)
        }
    }

    /// A value, cut to `limit` characters with its size when it is a long container.
    static func value(_ node: ConfigNode?, limit: Int?) -> String {
        guard let node else { return "" }
        let text = PythonRepr.render(node.value)
        guard let limit, text.count > limit else { return text }
        let size: String
        switch node.value {
        case .mapping(let entries): size = plural(entries.count, "entry", "entries")
        case .list(let items), .tuple(let items): size = plural(items.count, "item", "items")
        default: size = plural(text.count, "character", "characters")
        }
        return String(text.prefix(limit)) + "… (\(size))"
    }

    /// `2000 → 200 (−1800, ×0.1)`, `1 → 1.5 (+0.5, ×1.5; int → float)`, `'a' → 'b'`.
    static func change(_ entry: DiffEntry, limit: Int?) -> String {
        var text = value(entry.a, limit: limit) + " → " + value(entry.b, limit: limit)
        var numeric: [String] = []
        if let change = entry.numericChange {
            numeric.append(delta(change.delta))
            if let ratio = change.ratio { numeric.append("×" + ratioText(ratio)) }
        }
        let notes = [numeric.joined(separator: ", "), entry.typeChange.map { "\($0.a) → \($0.b)" } ?? ""]
            .filter { !$0.isEmpty }
        if !notes.isEmpty { text += " (" + notes.joined(separator: "; ") + ")" }
        return text
    }

    static func delta(_ delta: NumericChange.Delta) -> String {
        switch delta {
        case .int(let value): return (value < 0 ? "−" : "+") + String(value.magnitude)
        case .float(let value):
            let text = PythonFloat.repr(abs(value))
            return (value < 0 ? "−" : "+") + text
        }
    }

    /// Three significant digits: a ratio is for a glance (`×2.89`); JSON carries the exact one.
    static func ratioText(_ ratio: Double) -> String {
        let rounded = Double(String(format: "%.3g", ratio)) ?? ratio
        var text = PythonFloat.repr(rounded)
        if text.hasSuffix(".0") { text.removeLast(2) }
        return text
    }

    /// `bucket_config.256px: 33 entries → 32; 32 changed (all at [1]), 1 removed: 69`.
    static func summary(_ summary: DiffSummary) -> String {
        let singular = summary.unit == "entries" ? "entry" : "item"
        var text = plural(summary.countA, singular, summary.unit) + " → \(summary.countB)"
        var parts: [String] = []
        if summary.changed > 0 {
            var changed = "\(summary.changed) changed"
            if let positions = summary.changedPositions, !positions.isEmpty {
                let at = positions.map { "[\($0)]" }.joined(separator: ", ")
                changed += summary.changed > 1 ? " (all at \(at))" : " (at \(at))"
            }
            parts.append(changed)
        }
        if !summary.removed.isEmpty { parts.append("\(summary.removed.count) removed" + listed(summary.removed)) }
        if !summary.added.isEmpty { parts.append("\(summary.added.count) added" + listed(summary.added)) }
        text += "; " + parts.joined(separator: ", ")
        if summary.deletedA != nil || summary.deletedB != nil { text += "; replaced with _delete_" }
        return text
    }

    /// A few keys are worth naming (`1 removed: 69`, `2 added: tp_size, sp_size`); many are
    /// just a count, and `--full` names them all.
    private static func listed(_ segments: [DiffPathSegment]) -> String {
        guard segments.count <= 8 else { return "" }
        let names = segments.map { DiffPath([$0]).description }.joined(separator: ", ")
        return names.count <= 120 ? ": " + names : ""
    }

    static func plural(_ count: Int, _ one: String, _ many: String) -> String {
        "\(count) \(count == 1 ? one : many)"
    }
}
