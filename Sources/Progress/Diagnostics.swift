import Foundation

/// How much a command says besides its results: `-q` only results and errors, `-v` every repeat of
/// a warning and a line at every logging step.
public enum Verbosity: Int, Sendable, Comparable {
    case quiet, normal, verbose

    public static func < (lhs: Verbosity, rhs: Verbosity) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// The warnings of one process: each distinct warning is said once, its repeats are counted, and
/// the end of the run sums up what was warned (so a warning that holds in every epoch is one line
/// and a count, not a line per epoch). Safe to use from worker threads.
public final class Diagnostics: @unchecked Sendable {
    public static let shared = Diagnostics()

    private struct Entry {
        var text: String
        var count: Int
        var scope: String?
        var occurrences: Set<Int>
        var outOf: Int?
    }

    private let lock = NSLock()
    private var entries: [String: Entry] = [:]
    private var order: [String] = []
    private var level = Verbosity.normal

    public init() {}

    public var verbosity: Verbosity {
        get { lock.withLock { level } }
        set { lock.withLock { level = newValue } }
    }

    /// Notes and progress are printed at normal verbosity and above.
    public var saysNotes: Bool { verbosity >= .normal }

    /// Counts a warning and returns the line to print now ("warning: …"), or nil when it was said
    /// before (or the command is quiet). `scope` names what repeats it ("epoch") and `occurrence`
    /// which one this is, of `outOf` (epochs 0..<outOf), so the summary can say "in every epoch".
    public func warning(_ text: String, scope: String? = nil, occurrence: Int? = nil, outOf: Int? = nil) -> String? {
        lock.withLock {
            var entry = entries[text] ?? Entry(text: text, count: 0, scope: scope, occurrences: [], outOf: outOf)
            let first = entry.count == 0
            if first { order.append(text) }
            entry.count += 1
            if let occurrence { entry.occurrences.insert(occurrence) }
            if let outOf { entry.outOf = outOf }
            entries[text] = entry
            guard level >= .normal, first || level == .verbose else { return nil }
            let when = scope.flatMap { scope in occurrence.map { " (\(scope) \($0)" + (first && level == .normal ? "; repeats are counted, not printed" : "") + ")" } } ?? ""
            return "warning: \(text)\(when)"
        }
    }

    /// Writes a warning to standard error, once (see `warning(_:scope:occurrence:outOf:)`).
    public func warn(_ text: String) {
        if let line = warning(text) { FileHandle.standardError.write(Data((line + "\n").utf8)) }
    }

    /// What was warned, for the end of a run: empty when nothing was, or when the only warning was
    /// said once (the line above is its own summary) or the command is quiet.
    public func summary() -> [String] {
        lock.withLock {
            guard level >= .normal else { return [] }
            let warned = order.compactMap { entries[$0] }
            guard warned.count > 1 || warned.contains(where: { $0.count > 1 }) else { return [] }
            var lines = ["warning summary: \(warned.count) distinct warning(s), \(warned.reduce(0) { $0 + $1.count }) in all"]
            for entry in warned {
                lines.append("  \(entry.text)" + Self.frequency(entry))
            }
            return lines
        }
    }

    /// " — in every epoch (200 of 200)", " — in 3 of 200 epochs", " — 5 times", "".
    private static func frequency(_ entry: Entry) -> String {
        if let scope = entry.scope, !entry.occurrences.isEmpty {
            let seen = entry.occurrences.count
            if let outOf = entry.outOf, outOf > 1 {
                return seen >= outOf ? " — in every \(scope) (\(seen) of \(outOf))" : " — in \(seen) of \(outOf) \(scope)s"
            }
            return seen > 1 ? " — in \(seen) \(scope)s" : ""
        }
        return entry.count > 1 ? " — \(entry.count) times" : ""
    }

    /// Forgets every warning (tests).
    public func reset() {
        lock.withLock {
            entries = [:]
            order = []
        }
    }
}
