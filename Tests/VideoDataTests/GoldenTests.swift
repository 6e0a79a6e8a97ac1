import Testing
@testable import VideoData

/// The pure parts against values computed from Open-Sora's own formulas with numpy and torch
/// (scripts/videodata_golden.py).
struct GoldenTests {
    @Test func temporalCropMatchesNumpyLinspace() {
        for (total, frames, interval, begin, expected) in Golden.temporalCrops {
            #expect(TemporalCrop.indices(begin: begin, total: total, frames: frames, interval: interval) == expected,
                    "total \(total), frames \(frames), interval \(interval), begin \(begin)")
            #expect(begin <= TemporalCrop.lastStart(total: total, frames: frames, interval: interval))
        }
    }

    @Test func resizeCropGeometryMatchesOpenSora() {
        for (h, w, th, tw, sh, sw, top, left) in Golden.resizeCrop {
            let g = SpatialTransform.resizeCropGeometry(height: h, width: w, targetHeight: th, targetWidth: tw)
            #expect(g.resizedHeight == sh && g.resizedWidth == sw && g.top == top && g.left == left,
                    "\(h)x\(w) → \(th)x\(tw): got \(g), expected \((sh, sw, top, left))")
        }
    }

    @Test func centerGeometryMatchesTorch() {
        for (h, w, size, sh, sw, top, left) in Golden.center {
            let g = SpatialTransform.centerGeometry(height: h, width: w, size: size)
            #expect(g.resizedHeight == sh && g.resizedWidth == sw && g.top == top && g.left == left,
                    "\(h)x\(w) → \(size): got \(g), expected \((sh, sw, top, left))")
        }
    }

    @Test func targetRateAndCaptionSuffixMatchOpenSora() {
        for (fps, fpsMax, motion, vmaf, targetFPS, interval, suffix) in Golden.rates {
            let rate = TargetRate(sourceFPS: fps.isNaN ? nil : fps, fpsMax: fpsMax)
            #expect(rate.fps == targetFPS && rate.interval == interval, "fps \(fps), fps_max \(String(describing: fpsMax))")
            #expect(captionSuffix(rate: rate, fpsMax: fpsMax, motionScore: motion, vmaf: vmaf) == suffix,
                    "fps \(fps), fps_max \(String(describing: fpsMax)), motion \(String(describing: motion))")
        }
    }

    @Test func drawsFollowTheDocumentedGenerator() {
        for (seed, epoch, row, ranges, expected) in Golden.draws {
            var draws = SampleDraws(seed: seed, epoch: epoch, row: row)
            #expect(ranges.map { draws.integer($0.0, $0.1) } == expected, "seed \(seed), epoch \(epoch), row \(row)")
        }
    }

    @Test func resizeCropDecodesTheWholeFrameResizedThenCrops() throws {
        // 640x360 → 256x256: Open-Sora resizes to 455x256 and keeps columns 99..<355.
        var draws = SampleDraws(seed: 1, epoch: 0, row: 0)
        let shape = try SpatialTransform.decodeShape(.resizeCrop, sourceWidth: 640, sourceHeight: 360,
                                                     targetWidth: 256, targetHeight: 256, draws: &draws)
        #expect(shape == DecodeShape(crop: .stretch, width: 455, height: 256, top: 0, left: 99))
    }

    @Test func randSizeCropDrawsStayInsideTheFrame() throws {
        for row in 0..<200 {
            var draws = SampleDraws(seed: 9, epoch: 2, row: row)
            let crop = SpatialTransform.randomSizedCrop(height: 300, width: 200, targetHeight: 144, targetWidth: 256, draws: &draws)
            #expect(crop.height % 8 == 0 && crop.width % 8 == 0)
            #expect((144...256).contains(crop.height) && (144...200).contains(crop.width))
            #expect(crop.top >= 0 && crop.top + crop.height <= 300 && crop.left >= 0 && crop.left + crop.width <= 200)
        }
    }
}
