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
    public var params: RunParams

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

/// run.yaml's timestamps: `RunRecord.timestamp` writes `YYYY-MM-DDTHH:MM:SS(.sss)Z`, read here by
/// hand (a listing reads two per run, and a date formatter per call costs more than the rest of
/// the row); anything else goes through ISO8601DateFormatter.
enum RunTime {
    static func seconds(_ text: String) -> Double? {
        let bytes = Array(text.utf8)
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= bytes.count else { return nil }
            var value = 0
            for index in range {
                guard bytes[index] >= 48, bytes[index] <= 57 else { return nil }
                value = value * 10 + Int(bytes[index] - 48)
            }
            return value
        }
        if bytes.count >= 20, bytes[4] == 45, bytes[7] == 45, bytes[10] == 84, bytes[13] == 58, bytes[16] == 58,
           bytes.last == 90, let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
           let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19) {
            var fraction = 0.0
            if bytes[19] == 46, let digits = number(20..<(bytes.count - 1)) {
                fraction = Double(digits) / pow(10, Double(bytes.count - 21))
            } else if bytes.count != 20 {
                return formatted(text)
            }
            let days = daysFromCivil(year: year, month: month, day: day)
            return Double(days * 86_400 + hour * 3600 + minute * 60 + second) + fraction
        }
        return formatted(text)
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    private static func formatted(_ text: String) -> Double? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date.timeIntervalSince1970 }
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)?.timeIntervalSince1970
    }
}
