import Buckets
import DataTable
import Foundation
import Media
import Testing
@testable import VideoData

struct DatasetTests {
    @Test func videoSampleIsChannelFirstInRangeWithOpenSoraCaption() throws {
        let table = try TestTable.require()
        let dataset = try table.dataset()
        let sample = try dataset.sample(SampleRequest(index: TestTable.video25, frames: 4, height: 32, width: 48), epoch: 0)
        #expect(sample.video.shape == [3, 4, 32, 48])
        #expect(sample.video.data.allSatisfy { $0 >= -1 && $0 <= 1 })
        #expect(Set(sample.video.data).count > 100, "a test pattern, not a flat picture")
        // 25 fps with fps_max 16: every 2nd frame, trained at floor(25 / 2) = 12 fps.
        #expect(sample.fps == 12)
        #expect(sample.caption == "caption 0 12 FPS.")
        let first = try #require(sample.frameIndices.first)
        // np.linspace(first, first + 7, 4, dtype=int): the window is 8 frames, its ends both taken.
        #expect(sample.frameIndices == [first, first + 2, first + 4, first + 7])
    }

    @Test func imageIsOneFrameWhateverTheRequest() throws {
        let dataset = try TestTable.require().dataset()
        for frames in [1, 4] {
            let sample = try dataset.sample(SampleRequest(index: TestTable.image, frames: frames, height: 24, width: 40), epoch: 3)
            #expect(sample.video.shape == [3, 1, 24, 40])
            #expect(sample.caption == "caption 3")
            #expect(sample.fps == 0)
        }
    }

    @Test func rowsWithoutMetadataAreProbed() throws {
        let dataset = try TestTable.require().dataset(VideoTextOptions(fpsMax: nil))
        let sample = try dataset.sample(SampleRequest(index: TestTable.vp9NoMetadata, frames: 5, height: 16, width: 16), epoch: 0)
        #expect(sample.video.shape == [3, 5, 16, 16])
        #expect(sample.caption == "caption 2", "no fps column value, no fps_max: no suffix")
    }

    @Test func choicesDependOnlyOnSeedEpochAndRow() throws {
        let table = try TestTable.require()
        let one = try table.dataset(VideoTextOptions(seed: 7))
        let other = try table.dataset(VideoTextOptions(seed: 7))
        let request = SampleRequest(index: TestTable.video25, frames: 3, height: 16, width: 24)
        var starts = Set<Int>()
        for epoch in 0..<12 {
            let a = try one.sample(request, epoch: epoch)
            let b = try other.sample(request, epoch: epoch)
            #expect(a.video == b.video && a.frameIndices == b.frameIndices)
            starts.insert(a.frameIndices[0])
        }
        #expect(starts.count > 3, "the temporal crop start changes with the epoch: \(starts)")
        // The start is Open-Sora's randint(0, total − window − 1) drawn from (seed, epoch, row).
        var draws = SampleDraws(seed: 7, epoch: 5, row: TestTable.video25)
        let begin = draws.integer(0, TemporalCrop.lastStart(total: 25, frames: 3, interval: 2))
        #expect(try one.plan(request, epoch: 5).frameIndices == [begin, begin + 2, begin + 5])
    }

    @Test func failuresSayWhy() throws {
        let dataset = try TestTable.require().dataset()
        let cases: [(Int, String)] = [
            (TestTable.zeroBytes, "cannot open"), (TestTable.missing, "cannot open"), (TestTable.html, "cannot open"),
            (99, "out of range"),
        ]
        for (row, expected) in cases {
            #expect {
                _ = try dataset.sample(SampleRequest(index: row, frames: 2, height: 16, width: 16), epoch: 0)
            } throws: { error in
                "\(error)".contains(expected)
            }
        }
        // 25 frames cannot give 30 (Open-Sora asserts; we say so). 20 at an interval of 2 squeeze
        // into the 25 frames there are, as in Open-Sora.
        #expect(try dataset.sample(SampleRequest(index: TestTable.video25, frames: 20, height: 16, width: 16), epoch: 0).frameIndices.last == 24)
        #expect(throws: SampleError.self) {
            _ = try dataset.sample(SampleRequest(index: TestTable.video25, frames: 30, height: 16, width: 16), epoch: 0)
        }
        #expect(throws: SampleError.self) {
            _ = try dataset.sample(SampleRequest(index: TestTable.truncated, frames: 8, height: 16, width: 16), epoch: 1)
        }
    }

    @Test func centerNeedsASquareAndRandSizeCropStacks() throws {
        let table = try TestTable.require()
        let center = try table.dataset(VideoTextOptions(transformName: .center))
        #expect(try center.sample(SampleRequest(index: TestTable.smooth, frames: 2, height: 40, width: 40), epoch: 0).video.shape == [3, 2, 40, 40])
        #expect(throws: SampleError.self) {
            _ = try center.sample(SampleRequest(index: TestTable.smooth, frames: 2, height: 40, width: 48), epoch: 0)
        }
        let random = try table.dataset(VideoTextOptions(transformName: .randSizeCrop))
        let plans = try (0..<6).map { try random.plan(SampleRequest(index: TestTable.smooth, frames: 2, height: 48, width: 80), epoch: $0) }
        #expect(Set(plans.map { "\($0.shape)" }).count > 1, "the crop moves with the epoch")
        for plan in plans {
            guard case .region(let region) = plan.shape.crop else { Issue.record("rand_size_crop cuts a source rectangle"); continue }
            #expect(region.width % 8 == 0 && region.height % 8 == 0)
        }
        #expect(try random.sample(SampleRequest(index: TestTable.smooth, frames: 2, height: 48, width: 80), epoch: 0).video.shape == [3, 2, 48, 80])
    }

    @Test func memoryEfficientReadsCaptionsFromShards() throws {
        let table = try TestTable.require()
        let whole = try Table.read(table.path)
        let shards = table.folder + "/table_shards"
        try FileManager.default.createDirectory(atPath: shards, withIntermediateDirectories: true)
        try Table(header: whole.header, rows: Array(whole.rows[..<4])).write(to: shards + "/00001.csv")
        try Table(header: whole.header, rows: Array(whole.rows[4...])).write(to: shards + "/00002.csv")
        let dataset = try VideoTextDataset(tablePath: shards, options: VideoTextOptions(memoryEfficient: true), report: { _ in })
        #expect(dataset.count == whole.rows.count)
        let sample = try dataset.sample(SampleRequest(index: TestTable.mpeg4, frames: 2, height: 16, width: 16), epoch: 0)
        #expect(sample.caption == "caption 6 11 FPS.")
        #expect(throws: TableError.self) {
            _ = try VideoTextDataset(tablePath: table.path, options: VideoTextOptions(memoryEfficient: true))
        }
    }

    /// The clip against Open-Sora's own way written out: full-resolution RGB frames, torch's bilinear
    /// resize (align_corners=False) to cover, centre crop, (v/255 − 0.5)/0.5. Our path crops first
    /// and scales with swscale in YUV, so values differ slightly; a misplaced crop differs a lot.
    @Test func resizeCropMatchesOpenSorasPipeline() throws {
        let dataset = try TestTable.require().dataset()
        let request = SampleRequest(index: TestTable.smooth, frames: 3, height: 64, width: 64)
        let sample = try dataset.sample(request, epoch: 0)
        let full = try decodeClip(sample.path, frameIndices: sample.frameIndices, width: 160, height: 90, crop: .stretch)
        let g = SpatialTransform.resizeCropGeometry(height: 90, width: 160, targetHeight: 64, targetWidth: 64)
        let reference = openSoraResizeCrop(full, resizedHeight: g.resizedHeight, resizedWidth: g.resizedWidth,
                                           top: g.top, left: g.left, height: 64, width: 64)
        let shifted = openSoraResizeCrop(full, resizedHeight: g.resizedHeight, resizedWidth: g.resizedWidth,
                                         top: g.top, left: g.left + 6, height: 64, width: 64)
        let error = meanAbsoluteDifference(sample.video.data, reference)
        let shiftedError = meanAbsoluteDifference(sample.video.data, shifted)
        #expect(error < 0.03, "mean |ours − Open-Sora| = \(error) (in [-1, 1] units)")
        #expect(shiftedError > 2 * error, "a crop 6 px off must look worse: \(shiftedError) vs \(error)")
    }
}

/// torch.nn.functional.interpolate(mode="bilinear", align_corners=False) of each frame to
/// `resizedHeight × resizedWidth`, then the crop, as floats normalised to [-1, 1], `[C, T, H, W]`.
func openSoraResizeCrop(_ clip: RGBClip, resizedHeight: Int, resizedWidth: Int, top: Int, left: Int, height: Int, width: Int) -> [Float] {
    func taps(_ output: Int, _ input: Int, _ size: Int) -> (Int, Int, Float) {
        let source = max(0, (Float(output) + 0.5) * Float(input) / Float(size) - 0.5)
        let low = min(Int(source), input - 1)
        return (low, min(low + 1, input - 1), source - Float(low))
    }
    let frames = clip.frameIndices.count
    var out = [Float](repeating: 0, count: 3 * frames * height * width)
    for t in 0..<frames {
        let pixels = Array(clip.frame(t))
        for y in 0..<height {
            let (y0, y1, fy) = taps(y + top, clip.height, resizedHeight)
            for x in 0..<width {
                let (x0, x1, fx) = taps(x + left, clip.width, resizedWidth)
                for c in 0..<3 {
                    func at(_ yy: Int, _ xx: Int) -> Float { Float(pixels[(yy * clip.width + xx) * 3 + c]) / 255 }
                    let value = (1 - fy) * ((1 - fx) * at(y0, x0) + fx * at(y0, x1)) + fy * ((1 - fx) * at(y1, x0) + fx * at(y1, x1))
                    out[((c * frames + t) * height + y) * width + x] = (value - 0.5) / 0.5
                }
            }
        }
    }
    return out
}

func meanAbsoluteDifference(_ a: [Float], _ b: [Float]) -> Float {
    zip(a, b).reduce(0) { $0 + abs($1.0 - $1.1) } / Float(max(a.count, 1))
}
