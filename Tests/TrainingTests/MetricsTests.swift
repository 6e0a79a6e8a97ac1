import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import Training

@Suite struct MetricsTests {
    func record(_ step: Int) -> MetricsRecord {
        MetricsRecord(step: step, epoch: step / 4, loss: 1 / Double(step + 1) + 0.05 * sin(Double(step)), lr: 1e-4 * Double(step),
                      gradNorm: 0.5, samplesPerSecond: 12.25, extra: ["bucket": .text("256px/17"), "eps": .number(1e-15)])
    }

    @Test func linesHaveTheFixedKeysFirstAndReadBack() throws {
        let folder = try TemporaryFolder()
        let path = folder.path + "/metrics.jsonl"
        let log = try MetricsLog(path: path, resumingAfter: nil)
        try log.append(record(3))
        var diverged = record(4)
        diverged.loss = .nan
        try log.append(diverged)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.hasPrefix(#"{"step":3,"epoch":0,"loss":"#))
        #expect(text.contains(#""lr":0.0003,"grad_norm":0.5,"samples_per_s":12.25,"bucket":"256px\/17","eps":1e-15}"#)
                || text.contains(#""lr":0.00030000000000000003,"grad_norm":0.5,"samples_per_s":12.25,"bucket":"256px/17","eps":1e-15}"#))
        #expect(text.contains(#""loss":null"#))
        let read = try MetricsLog.read(path)
        #expect(read.count == 2)
        #expect(read[0] == record(3))
        #expect(read[1].loss.isNaN && read[1].step == 4)
    }

    @Test func resumeTruncatesToTheCheckpointAndEqualsAnUninterruptedRun() throws {
        let folder = try TemporaryFolder()
        let straight = folder.path + "/straight.jsonl", resumed = folder.path + "/resumed.jsonl"
        let log = try MetricsLog(path: straight, resumingAfter: nil)
        for step in 1...10 { try log.append(record(step)) }

        // The interrupted run logged up to step 8 and died while writing step 9.
        let crashed = try MetricsLog(path: resumed, resumingAfter: nil)
        for step in 1...8 { try crashed.append(record(step)) }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: resumed))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(#"{"step":9,"epo"#.utf8))
        try handle.close()
        #expect(try MetricsLog.read(resumed).count == 8)  // the torn line is not an error

        // Resume from the checkpoint at step 6: steps 7 and 8 are trained (and logged) again.
        let again = try MetricsLog(path: resumed, resumingAfter: 6)
        #expect(try MetricsLog.read(resumed).map(\.step) == Array(1...6))
        for step in 7...10 { try again.append(record(step)) }
        #expect(try Data(contentsOf: URL(fileURLWithPath: resumed)) == Data(contentsOf: URL(fileURLWithPath: straight)))

        _ = try MetricsLog(path: resumed, resumingAfter: nil)
        #expect(try MetricsLog.read(resumed).isEmpty)
    }

    @Test func aMalformedLineIsAnErrorNamingTheLine() throws {
        let folder = try TemporaryFolder()
        try folder.write("{\"step\":1,\"epoch\":0,\"loss\":1,\"lr\":0}\nnot json\n", to: "metrics.jsonl")
        #expect { try MetricsLog.read(folder.path + "/metrics.jsonl") } throws: { "\($0)".contains("metrics.jsonl:2:") }
    }

    @Test func ticksAreRoundAndCoverTheRange() {
        #expect(LossPlot.ticks(from: 0, to: 97) == [0, 20, 40, 60, 80, 100])
        #expect(LossPlot.ticks(from: 0.31, to: 1.18) == [0.2, 0.4, 0.6, 0.8, 1, 1.2])
        let flat = LossPlot.ticks(from: 0.5, to: 0.5)
        #expect(flat.first! < 0.5 && flat.last! > 0.5)
    }

    @Test func smoothingIsCentredAndFollowsTheValues() {
        #expect(LossPlot.centredMean([2, 2, 2], halfWidth: 1).allSatisfy { abs($0 - 2) < 1e-12 })
        #expect(LossPlot.centredMean([3, 0, 3, 0], halfWidth: 1) == [1.5, 2, 1, 1.5])
        // A falling line stays on the line (a trailing average would lag above it), except at
        // the ends where the window is cut.
        let falling = (0..<40).map { 1 - Double($0) * 0.01 }
        let smooth = LossPlot.centredMean(falling, halfWidth: 3)
        for index in 3..<37 { #expect(abs(smooth[index] - falling[index]) < 1e-12) }
        #expect(LossPlot.halfWidth(points: 200) == 10 && LossPlot.halfWidth(points: 5) == 1)
    }

    @Test func plotIsWellFormedSVGWithEveryPoint() throws {
        let folder = try TemporaryFolder()
        let log = try MetricsLog(path: folder.path + "/metrics.jsonl", resumingAfter: nil)
        for step in 1...25 { try log.append(record(step)) }
        try LossPlot.write(metrics: folder.path + "/metrics.jsonl", to: folder.path + "/loss.svg", title: "stage1 <demo>")
        let svg = try String(contentsOfFile: folder.path + "/loss.svg", encoding: .utf8)
        #expect(svg.components(separatedBy: "<circle").count - 1 == 25 + 1, "a point per step, and the legend's")
        // The smoothed loss and the learning rate: a point per step each.
        let polylines = svg.components(separatedBy: "<polyline").dropFirst()
        #expect(polylines.count == 2)
        for polyline in polylines {
            #expect(polyline.components(separatedBy: "points=\"")[1].split(separator: "\"")[0].split(separator: " ").count == 25)
        }
        #expect(svg.contains("stage1 &lt;demo&gt;: training loss"))
        for label in ["optimizer step", "learning rate", "loss (", "centred"] { #expect(svg.contains(label), "\(label)") }
        #expect(XMLParser(data: Data(svg.utf8)).parse())
        #expect(LossPlot.svg([]).contains("no finite loss values"))
    }
}
