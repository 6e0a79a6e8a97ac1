/// The human diff: one line per difference, nothing else, so the line count is the change count.
///
/// ```
/// - dataset.memory_efficient: False                                  stage1.py:3
/// ~ bucket_config.256px: 33 entries → 32; 32 changed (all at [1]), 1 removed: 69   stage1.py:7 → stage2.py:17
/// ~ ckpt_every: 2000 → 200 (−1800, ×0.1)                             stage1.py:56 → stage2.py:94
/// ```
///
/// `-` removed (only in A), `+` added (only in B), `~` changed. The right column says which file
/// and line (or command-line argument) set the value on each side.
public enum DiffTextRenderer {
    public static func render(_ diff: ConfigDiff, full: Bool = false, color: Bool = false) -> String {
        let lines = (full ? diff.leaves : diff.entries).map { line($0, full: full) }
        // Attributions line up in one column, up to a width past which a long line just pushes
        // its own attribution right instead of pushing every other one.
        let width = min(lines.map(\.main.count).max() ?? 0, 72)
        var out = ""
        for (sign, main, attribution) in lines {
            let padding = String(repeating: " ", count: max(width - main.count, 0) + 3)
            if color {
                out += paint(sign + " " + main, sign) + padding + Style.dim + attribution + Style.reset + "\n"
            } else {
                out += sign + " " + main + padding + attribution + "\n"
            }
        }
        return out
    }

    private static func line(_ entry: DiffEntry, full: Bool) -> (sign: String, main: String, attribution: String) {
        let limit = full ? nil : 100
        let path = entry.path.description
        let attribution = DiffFormatting.attribution(entry)
        switch entry.kind {
        case .added: return ("+", path + ": " + DiffFormatting.value(entry.b, limit: limit), attribution)
        case .removed: return ("-", path + ": " + DiffFormatting.value(entry.a, limit: limit), attribution)
        case .changed: return ("~", path + ": " + DiffFormatting.change(entry, limit: limit), attribution)
        case .reordered:
            let order = { (node: ConfigNode?) in
                (DiffEngine.uniqueTypes(node?.value.sequenceItems ?? []) ?? []).joined(separator: ", ")
            }
            return ("~", path + ": order " + order(entry.a) + " → " + order(entry.b), attribution)
        case .summary:
            let text = entry.summary.map(DiffFormatting.summary) ?? ""
            return ("~", path + ": " + text, attribution)
        }
    }

    private static func paint(_ text: String, _ sign: String) -> String {
        let colour = sign == "+" ? Style.green : sign == "-" ? Style.red : Style.yellow
        return colour + text + Style.reset
    }

    private enum Style {
        static let red = "\u{1B}[31m", green = "\u{1B}[32m", yellow = "\u{1B}[33m"
        static let dim = "\u{1B}[2m", reset = "\u{1B}[0m"
    }
}
