import Buckets
import DataTable
import Foundation
import Media
import MediaFixtures
import Testing
import VideoData

@Suite("samples of real-world forms")
struct RealWorldSampleTests {
    /// Rows whose num_frames overstates the file (an estimate, an AVI header listing 444 frames)
    /// and variable-rate files: every epoch delivers a clip, drawn within the frames that decode.
    @Test func everyEpochDeliversAClipInsideTheDecodableRange() throws {
        let corpus = try RealWorldCorpus.require()
        let folder = NSTemporaryDirectory() + "strata-rw-samples-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let files = [("header_444.avi", 444), ("vfr_ramp.mp4", 45), ("vfr_dropped.mkv", 60), ("editlist.mp4", 40), ("opengop_cut.ts", 28)]
        let rows = files.map { name, frames in
            TableRow(fields: [corpus.path(name), "a caption", String(frames), "64", "96", "0.6666666666666666", "6144", "25.0"])
        }
        try Table(header: TableHeader(["path", "text", "num_frames", "height", "width", "aspect_ratio", "resolution", "fps"]), rows: rows)
            .write(to: folder + "/table.csv")
        let dataset = try VideoTextDataset(tablePath: folder + "/table.csv", options: VideoTextOptions(fpsMax: nil), report: { _ in })
        for (row, (name, _)) in files.enumerated() {
            let decodable = try probe(corpus.path(name), frameCounting: .decoded).frameCount
            for epoch in 0..<6 {
                let sample = try dataset.sample(SampleRequest(index: row, frames: 17, height: 32, width: 48), epoch: epoch)
                #expect(sample.frameIndices.count == 17)
                #expect(sample.frameIndices.allSatisfy { $0 < decodable }, "\(name) epoch \(epoch): \(sample.frameIndices)")
            }
        }
        #expect(dataset.failureCounts.isEmpty)
    }
}
