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

    /// Entries by run directory (`outputs/<experiment>/<run>`; the file stores them relative to
    /// the outputs folder, so `outputs` and `./outputs` share one index); empty when there is no
    /// index or it is of another format.
    static func read(_ path: String, outputs: String) -> [String: Entry] {
        // Bytes, not String: splitting 10,000 lines of a few kilobytes by Character (grapheme
        // breaking) took seconds; tabs and newlines are single bytes in UTF-8.
        guard let data = FileManager.default.contents(atPath: path) else { return [:] }
        let bytes = [UInt8](data)
        var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: true)
        guard let first = lines.first, first.elementsEqual(header.utf8) else { return [:] }
        lines.removeFirst()
        var entries: [String: Entry] = [:]
        entries.reserveCapacity(lines.count)
        for line in lines {
            guard var entry = parse(line) else { continue }
            entry.summary.directory = outputs + "/" + entry.summary.directory
            entries[entry.summary.directory] = entry
        }
        return entries
    }

    /// Writes the entries atomically (a temporary file renamed over the index); a folder that
    /// cannot be written is no error (the listing is still right, only slower next time).
    static func write(_ entries: [String: Entry], to path: String, outputs: String) {
        var out = header + "\n"
        for directory in entries.keys.sorted() where directory.hasPrefix(outputs + "/") {
            var entry = entries[directory]!
            entry.summary.directory = String(directory.dropFirst(outputs.count + 1))
            out += line(entry) + "\n"
        }
        try? Data(out.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    private static func line(_ entry: Entry) -> String {
        let run = entry.summary
        let number = { (value: Double?) in value.map { "\($0)" } ?? "" }
        let params = run.params.text
        let fields: [String] = [
            run.directory, entry.stamp, run.experiment, run.stage, run.fingerprint, run.status, run.started, run.ended ?? "",
            "\(run.lastWrite)", run.steps.map(String.init) ?? "", number(run.lastLoss), number(run.bestLoss), String(run.worldSize),
            run.gitCommit ?? "", run.gitDirty.map { $0 ? "1" : "0" } ?? "", run.initFrom ?? "", run.upstreamFingerprint ?? "",
        ]
        return fields.map(escape).joined(separator: "\t") + "\t" + params
    }

    private static func parse(_ line: ArraySlice<UInt8>) -> Entry? {
        let fields = line.split(separator: 0x09, maxSplits: 17, omittingEmptySubsequences: false)
        guard fields.count == 18 else { return nil }
        func text(_ index: Int) -> String {
            let raw = String(decoding: fields[index], as: UTF8.self)
            return fields[index].contains(0x5C) ? Escapes.unescape(Substring(raw)) : raw
        }
        func optional(_ index: Int) -> String? { fields[index].isEmpty ? nil : text(index) }
        func number(_ index: Int) -> Double? { Double(String(decoding: fields[index], as: UTF8.self)) }
        func integer(_ index: Int) -> Int? { Int(String(decoding: fields[index], as: UTF8.self)) }
        let params = RunParams(text: String(decoding: fields[17], as: UTF8.self))
        let summary = RunSummary(
            directory: text(0), experiment: text(2), stage: text(3), fingerprint: text(4), status: text(5), started: text(6),
            ended: optional(7), lastWrite: number(8) ?? 0, steps: integer(9), lastLoss: number(10),
            bestLoss: number(11), worldSize: integer(12) ?? 1, gitCommit: optional(13),
            gitDirty: fields[14].isEmpty ? nil : fields[14].first == 0x31, initFrom: optional(15), upstreamFingerprint: optional(16),
            params: params)
        return Entry(stamp: text(1), summary: summary)
    }

    private static func escape(_ text: String) -> String { Escapes.escape(text) }
}
