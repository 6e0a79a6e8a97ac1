import Foundation
import StageCommands
import Testing

/// Collects what a reporter writes.
private final class Capture: @unchecked Sendable {
    private let lock = NSLock()
    private var parts: [String] = []
    func append(_ text: String) { lock.withLock { parts.append(text) } }
    var text: String { lock.withLock { parts.joined() } }
}

@Suite struct PrintingReporterTests {
    @Test func plainLinesAtLoggingStepsCarryMetricsAndAnETA() {
        let capture = Capture()
        let reporter = PrintingReporter(interactive: false, write: capture.append)
        reporter.message("image: 10 micro-steps")
        reporter.advance(stage: "image", step: 1, total: 20)
        reporter.advance(stage: "image", step: 2, total: 20)
        reporter.progress(stage: "image", step: 2, total: 20, metrics: ["samples/s": 12, "loss": 0.5, "lr": 1e-3])
        let lines = capture.text.split(separator: "\n").map(String.init)
        #expect(lines.count == 2)
        #expect(lines[0] == "strata: image: 10 micro-steps")
        #expect(lines[1].hasPrefix("strata: image step 2/20 loss 0.5 lr 1.0e-03 samples/s 12.0, ETA "))
    }

    @Test func aTerminalGetsOneBarPerStageWithMessagesAboveIt() {
        let capture = Capture()
        let reporter = PrintingReporter(interactive: true, write: capture.append)
        reporter.advance(stage: "stage1", step: 1, total: 3)
        reporter.message("stage1: saved epoch0-global_step1")
        reporter.progress(stage: "stage1", step: 2, total: 3, metrics: ["loss": 0.25])
        reporter.advance(stage: "stage1", step: 2, total: 3)
        reporter.advance(stage: "stage1", step: 3, total: 3)
        let text = capture.text
        // The message clears the bar's line, prints, and the bar comes back below it.
        #expect(text.contains("\r\u{1B}[Kstrata: stage1: saved epoch0-global_step1\n\rstrata: stage1 "))
        #expect(text.contains("3/3"))
        #expect(text.contains("loss 0.25"))
        #expect(text.hasSuffix("\n"))  // the finished bar ends its line
        // After the bar ends, messages are plain lines again.
        reporter.message("done")
        #expect(capture.text.hasSuffix("\nstrata: done\n"))
    }
}
