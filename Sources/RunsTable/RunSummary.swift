import Foundation

/// One row of `strata runs`: what a run directory says about itself (run.yaml, metrics.jsonl),
/// plus its config flattened to dotted keys for `--param` and `--where`.
public struct RunSummary: Sendable, Equatable {
    public var directory: String
    public var experiment: String
    public var stage: String
    public var fingerprint: String
    /// As recorded: running, completed or failed; `RunsCatalog` may mark a completed run stale.
    public var status: String
    public var started: String
    public var ended: String?
    /// For a run without an end: the time of its last write (run.yaml or metrics.jsonl).
    public var lastWrite: Double
    public var steps: Int?
    public var lastLoss: Double?
    public var bestLoss: Double?
    public var worldSize: Int
    public var gitCommit: String?
    public var gitDirty: Bool?
    public var initFrom: String?
    public var upstreamFingerprint: String?
    /// `key → value text` of every config leaf (see `ConfigLeaves`).
    public var params: [String: String]

    /// Seconds from start to end (or to the last write of a run without an end).
    public var duration: Double? {
        guard let start = RunTime.seconds(started) else { return nil }
        if let ended, let end = RunTime.seconds(ended) { return max(0, end - start) }
        return max(0, lastWrite - start)
    }

    /// The value of a `--where`/`--param` key: a column name or a config key.
    public func value(of key: String) -> String? {
        switch key {
        case "experiment": return experiment
        case "stage": return stage
        case "fingerprint": return fingerprint
        case "status": return status
        case "started": return started
        case "steps": return steps.map(String.init)
        case "last_loss": return lastLoss.map { "\($0)" }
        case "best_loss": return bestLoss.map { "\($0)" }
        case "world_size": return String(worldSize)
        case "git": return gitCommit
        default: return params[key] ?? params[key.replacingOccurrences(of: "-", with: "_")]
        }
    }
}

/// run.yaml's timestamps (ISO 8601, UTC, with or without milliseconds).
enum RunTime {
    static func seconds(_ text: String) -> Double? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date.timeIntervalSince1970 }
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)?.timeIntervalSince1970
    }
}
