import ConfigLang
import Foundation

/// The runs table as text (aligned columns), JSON (one object per run) or CSV (RFC 4180).
public enum RunsRendering {
    public enum Format: String, Sendable, CaseIterable {
        case table, json, csv
    }

    static let columns = ["experiment", "stage", "fingerprint", "status", "started", "duration", "steps",
                          "last_loss", "best_loss", "world", "git"]

    public static func render(_ runs: [RunSummary], params: [String], format: Format) -> String {
        switch format {
        case .table: return table(runs, params: params)
        case .csv: return csv(runs, params: params)
        case .json: return json(runs, params: params)
        }
    }

    /// Cells for the table: short fingerprint and commit, minutes-level start, rounded numbers.
    static func cells(_ run: RunSummary, params: [String]) -> [String] {
        var started = run.started.replacingOccurrences(of: "T", with: " ")
        if started.count >= 16 { started = String(started.prefix(16)) }
        let git = run.gitCommit.map { String($0.prefix(8)) + (run.gitDirty == true ? "+" : "") } ?? "-"
        let fixed: [String] = [run.experiment, run.stage, String(run.fingerprint.prefix(12)), run.status, started]
        let span: String = run.duration.map(duration) ?? "-"
        let steps: String = run.steps.map(String.init) ?? "-"
        let numbers: [String] = [span, steps, loss(run.lastLoss), loss(run.bestLoss), String(run.worldSize), git]
        let extra: [String] = params.map { run.value(of: $0) ?? "-" }
        return fixed + numbers + extra
    }

    static func table(_ runs: [RunSummary], params: [String]) -> String {
        let header = columns.map { $0.uppercased() } + params
        let rows = [header] + runs.map { cells($0, params: params) }
        var widths = [Int](repeating: 0, count: header.count)
        for row in rows { for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) } }
        return rows.map { row in
            row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[index] - cell.count)
            }.joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }

    static func csv(_ runs: [RunSummary], params: [String]) -> String {
        let header = ["directory", "experiment", "stage", "fingerprint", "status", "started", "ended", "duration_s", "steps",
                      "last_loss", "best_loss", "world_size", "git_commit", "git_dirty"] + params
        var lines = [header.map(quote).joined(separator: ",")]
        for run in runs {
            let text = { (value: Double?) -> String in value.map { "\($0)" } ?? "" }
            let dirty: String = run.gitDirty.map { $0 ? "true" : "false" } ?? ""
            var fields: [String] = [run.directory, run.experiment, run.stage, run.fingerprint, run.status, run.started]
            fields += [run.ended ?? "", text(run.duration), run.steps.map(String.init) ?? ""]
            fields += [text(run.lastLoss), text(run.bestLoss), String(run.worldSize), run.gitCommit ?? "", dirty]
            fields += params.map { run.value(of: $0) ?? "" }
            lines.append(fields.map(quote).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func json(_ runs: [RunSummary], params: [String]) -> String {
        let objects = runs.map { run -> String in
            var fields = [
                ("directory", string(run.directory)), ("experiment", string(run.experiment)), ("stage", string(run.stage)),
                ("fingerprint", string(run.fingerprint)), ("status", string(run.status)), ("started", string(run.started)),
                ("ended", run.ended.map(string) ?? "null"), ("duration_s", number(run.duration)),
                ("steps", run.steps.map(String.init) ?? "null"), ("last_loss", number(run.lastLoss)),
                ("best_loss", number(run.bestLoss)), ("world_size", String(run.worldSize)),
                ("git_commit", run.gitCommit.map(string) ?? "null"), ("git_dirty", run.gitDirty.map { $0 ? "true" : "false" } ?? "null"),
            ]
            let values = params.map { "\(string($0)): \(run.value(of: $0).map(string) ?? "null")" }
            fields.append(("params", "{" + values.joined(separator: ", ") + "}"))
            return "  {" + fields.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}"
        }
        return "[\n" + objects.joined(separator: ",\n") + (objects.isEmpty ? "]\n" : "\n]\n")
    }

    static func duration(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        if total < 60 { return "\(total)s" }
        if total < 3600 { return "\(total / 60)m\(String(format: "%02d", total % 60))s" }
        return "\(total / 3600)h\(String(format: "%02d", total % 3600 / 60))m"
    }

    static func loss(_ value: Double?) -> String {
        guard let value else { return "-" }
        return value.isFinite ? String(format: "%.4g", value) : "nan"
    }

    static func number(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "null" }
        return "\(value)"
    }

    static func quote(_ field: String) -> String {
        guard field.contains(where: { ",\"\n\r".contains($0) }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static func string(_ text: String) -> String { JSONWriter.quoted(text) }
}
