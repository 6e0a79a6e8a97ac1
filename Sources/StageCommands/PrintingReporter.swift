import Foundation
import Progress
import Stages

/// Reports training on standard error. On a terminal: one live bar per stage with rate, ETA and
/// the latest loss, messages printed above it. Otherwise (logs, CI): a plain line at every logging
/// step, with the ETA.
public final class PrintingReporter: StageReporter, @unchecked Sendable {
    private let interactive: Bool
    private let write: @Sendable (String) -> Void
    private let lock = NSLock()
    private var bar: (stage: String, reporter: ProgressReporter)?
    private var started: (stage: String, step: Int, time: Date)?

    public init(interactive: Bool = isatty(2) == 1, write: (@Sendable (String) -> Void)? = nil) {
        self.interactive = interactive
        self.write = write ?? { FileHandle.standardError.write(Data($0.utf8)) }
    }

    public func message(_ text: String) {
        guard Diagnostics.shared.saysNotes else { return }
        say("strata: \(text)")
    }

    public func detail(_ text: String) {
        guard Diagnostics.shared.verbosity == .verbose else { return }
        say("strata: \(text)")
    }

    /// Said once per run (repeats counted for the summary at the end), above the bar.
    public func warning(stage: String, _ text: String, epoch: Int?, epochs: Int?) {
        guard let line = Diagnostics.shared.warning("\(stage): \(text)", scope: epoch.map { _ in "epoch" }, occurrence: epoch, outOf: epochs) else { return }
        say(line)
    }

    private func say(_ line: String) {
        if let current = lock.withLock({ bar?.reporter }) {
            current.message(line)
        } else {
            write(line + "\n")
        }
    }

    public func progress(stage: String, step: Int, total: Int?, metrics: [String: Double]) {
        guard Diagnostics.shared.saysNotes else { return }
        let status = Self.status(metrics)
        if interactive {
            lock.withLock { bar?.reporter }?.advance(by: 0, status: status)
            return
        }
        let of = total.map { "/\($0)" } ?? ""
        write("strata: \(stage) step \(step)\(of) \(status)\(eta(stage: stage, step: step, total: total))\n")
    }

    public func advance(stage: String, step: Int, total: Int) {
        guard interactive, Diagnostics.shared.saysNotes else {
            lock.withLock { if started?.stage != stage { started = (stage, step - 1, Date()) } }
            return
        }
        // A new bar counts its first step as done before its clock starts: a rate over one
        // step's sliver of time would be meaningless.
        let current: ProgressReporter? = lock.withLock {
            if let bar, bar.stage == stage { return bar.reporter }
            bar?.reporter.finish()
            bar = (stage, ProgressReporter(label: "strata: \(stage)", total: total, completed: step, interactive: true, write: write))
            return nil
        }
        current?.advance()
        guard let current = current ?? lock.withLock({ bar?.reporter }) else { return }
        if step >= total {
            current.finish()
            lock.withLock { bar = nil }
        }
    }

    /// "loss 0.1234 lr 2.0e-03 samples/s 41.2": the metrics a trainer reports, in a fixed order.
    static func status(_ metrics: [String: Double]) -> String {
        let preferred = ["loss", "lr", "grad_norm", "samples/s"]
        let keys = preferred.filter { metrics[$0] != nil } + metrics.keys.filter { !preferred.contains($0) }.sorted()
        return keys.map { key in
            let value = metrics[key]!
            let text = key == "lr" ? String(format: "%.1e", value)
                : key == "samples/s" ? String(format: "%.1f", value) : String(format: "%.4g", value)
            return "\(key) \(text)"
        }.joined(separator: " ")
    }

    /// ", ETA m:ss" from the rate since this stage's first step here; empty before there is one.
    private func eta(stage: String, step: Int, total: Int?) -> String {
        guard let total, let started = lock.withLock({ started }), started.stage == stage, step > started.step else { return "" }
        let rate = Double(step - started.step) / max(Date().timeIntervalSince(started.time), 1e-6)
        let seconds = Int((Double(max(total - step, 0)) / rate).rounded())
        return String(format: ", ETA %d:%02d", seconds / 60, seconds % 60)
    }
}
