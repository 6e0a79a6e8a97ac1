import Foundation

/// Reports progress on standard error: a redrawn bar with rate and ETA on a terminal, a plain line
/// every few seconds otherwise (logs, CI). Safe to call from worker threads.
public final class ProgressReporter: @unchecked Sendable {
    private let label: String
    private let total: Int
    private let interactive: Bool
    private let write: @Sendable (String) -> Void
    private let lock = NSLock()
    private let started = Date()
    private let startCount: Int
    private var done: Int
    private var failed = 0
    private var status = ""
    private var lastDraw = Date.distantPast
    private let interval: TimeInterval

    /// `write` defaults to standard error; tests pass their own and `interactive: false`.
    /// `completed` is work already done before this reporter started (a resumed run): it counts
    /// toward the bar but not toward the rate.
    public init(label: String, total: Int, completed: Int = 0, interactive: Bool = isatty(2) == 1,
                interval: TimeInterval? = nil, write: (@Sendable (String) -> Void)? = nil) {
        self.label = label
        self.total = max(total, 0)
        self.startCount = completed
        self.done = completed
        self.interactive = interactive
        self.interval = interval ?? (interactive ? 0.1 : 5)
        // -q silences the default writer (tests pass their own).
        self.write = write ?? { if Diagnostics.shared.saysNotes { FileHandle.standardError.write(Data($0.utf8)) } }
    }

    /// Whether this reporter redraws a bar (a terminal) rather than printing lines.
    public var isInteractive: Bool { interactive }

    /// Counts `count` more items done; `status` (e.g. "loss 0.12") replaces the text after the
    /// counts when given.
    public func advance(by count: Int = 1, failed newFailures: Int = 0, status newStatus: String? = nil) {
        let line: String? = lock.withLock {
            done += count
            failed += newFailures
            if let newStatus { status = newStatus }
            let now = Date()
            guard now.timeIntervalSince(lastDraw) >= interval || done == total else { return nil }
            lastDraw = now
            return render(now: now)
        }
        if let line { write(line) }
    }

    /// Prints a line of its own without breaking the bar: on a terminal the bar is cleared, the
    /// line printed, and the bar drawn again below it.
    public func message(_ text: String) {
        let output = lock.withLock {
            interactive ? "\r\u{1B}[K" + text + "\n" + render(now: Date()) : text + "\n"
        }
        write(output)
    }

    /// Ends the bar's line on a terminal; prints nothing more otherwise.
    public func finish() {
        if interactive { write(lock.withLock { render(now: Date()) } + "\n") }
    }

    private func render(now: Date) -> String {
        let elapsed = max(now.timeIntervalSince(started), 1e-6)
        let rate = Double(done - startCount) / elapsed
        let remaining = rate > 0 ? Double(max(total - done, 0)) / rate : 0
        let percent = total > 0 ? Double(done) / Double(total) : 1
        let counts = "\(done)/\(total)" + (failed > 0 ? " (\(failed) failed)" : "")
        let speed = String(format: "%.1f/s", rate)
        let extra = status.isEmpty ? "" : " " + status
        guard interactive else {
            return "\(label): \(counts), \(speed), \(String(format: "%.0f", percent * 100))%, ETA \(clock(remaining))\(extra)\n"
        }
        let width = 30
        let filled = min(width, Int(percent * Double(width)))
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        return "\r\(label) \(bar) \(counts) \(speed) ETA \(clock(remaining))\(extra)\u{1B}[K"
    }

    private func clock(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded())
        return whole >= 3600 ? String(format: "%d:%02d:%02d", whole / 3600, whole / 60 % 60, whole % 60)
                             : String(format: "%d:%02d", whole / 60, whole % 60)
    }
}
