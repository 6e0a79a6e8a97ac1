import Foundation

/// The runs index, `<outputs>/.strata-runs-index`: one line per run directory with the stamp of
/// its files and its summary, so that a warm `strata runs` reads one file instead of thousands
/// of run.yaml files. It is only ever derived from the directories: an entry whose stamp differs
/// from the files is re-read from them, a directory that is gone drops its entry, and deleting
/// the file costs one slow listing. (A text file rather than SQLite: one sequential read is all
/// a listing needs, and the format is two dozen lines to own.)
enum RunIndex {
    static let fileName = ".strata-runs-index"
    static let header = "strata-runs-index 1"

    struct Entry {
        var stamp: String
        var summary: RunSummary
    }

    /// Entries by run directory; empty when there is no index or it is of another format.
    static func read(_ path: String) -> [String: Entry] {
        guard let data = FileManager.default.contents(atPath: path) else { return [:] }
        let text = String(decoding: data, as: UTF8.self)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: true)
        guard lines.first == Substring(header) else { return [:] }
        lines.removeFirst()
        var entries: [String: Entry] = [:]
        entries.reserveCapacity(lines.count)
        for line in lines {
            guard let entry = parse(line) else { continue }
            entries[entry.summary.directory] = entry
        }
        return entries
    }

    /// Writes the entries atomically (a temporary file renamed over the index); a folder that
    /// cannot be written is no error (the listing is still right, only slower next time).
    static func write(_ entries: [String: Entry], to path: String) {
        var out = header + "\n"
        for directory in entries.keys.sorted() { out += line(entries[directory]!) + "\n" }
        try? Data(out.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    private static func line(_ entry: Entry) -> String {
        let run = entry.summary
        let number = { (value: Double?) in value.map { "\($0)" } ?? "" }
        let params = run.params.keys.sorted().map { escape($0) + "\u{1F}" + escape(run.params[$0]!) }.joined(separator: "\u{1E}")
        let fields: [String] = [
            run.directory, entry.stamp, run.experiment, run.stage, run.fingerprint, run.status, run.started, run.ended ?? "",
            "\(run.lastWrite)", run.steps.map(String.init) ?? "", number(run.lastLoss), number(run.bestLoss), String(run.worldSize),
            run.gitCommit ?? "", run.gitDirty.map { $0 ? "1" : "0" } ?? "", run.initFrom ?? "", run.upstreamFingerprint ?? "",
        ]
        return fields.map(escape).joined(separator: "\t") + "\t" + params
    }

    private static func parse(_ line: Substring) -> Entry? {
        let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
        guard fields.count == 18 else { return nil }
        func text(_ index: Int) -> String { unescape(fields[index]) }
        func optional(_ index: Int) -> String? { fields[index].isEmpty ? nil : text(index) }
        var params: [String: String] = [:]
        if !fields[17].isEmpty {
            for pair in fields[17].split(separator: "\u{1E}") {
                let parts = pair.split(separator: "\u{1F}", maxSplits: 1, omittingEmptySubsequences: false)
                if parts.count == 2 { params[unescape(parts[0])] = unescape(parts[1]) }
            }
        }
        let summary = RunSummary(
            directory: text(0), experiment: text(2), stage: text(3), fingerprint: text(4), status: text(5), started: text(6),
            ended: optional(7), lastWrite: Double(fields[8]) ?? 0, steps: Int(fields[9]), lastLoss: Double(fields[10]),
            bestLoss: Double(fields[11]), worldSize: Int(fields[12]) ?? 1, gitCommit: optional(13),
            gitDirty: fields[14].isEmpty ? nil : fields[14] == "1", initFrom: optional(15), upstreamFingerprint: optional(16),
            params: params)
        return Entry(stamp: text(1), summary: summary)
    }

    /// Tabs, newlines, the two separators and the backslash are written as backslash escapes.
    private static func escape(_ text: String) -> String {
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

    private static func unescape(_ text: Substring) -> String {
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
