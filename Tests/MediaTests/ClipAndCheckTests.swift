import Foundation
import Media
import MediaFixtures
import Testing

@Suite("decodeClip against the ffmpeg CLI")
struct ClipTests {
    /// The ffmpeg CLI's RGB for the same frames (by decode number), crop and size, made the way
    /// decodeClip makes it: bilinear scale in the source's pixel format, then conversion to RGB.
    /// (A one-pass scale-and-convert filters the chroma differently: on this noisy content it
    /// differs from the two-pass result by about 9 levels on average, whichever tool runs it.)
    func cliFrames(_ path: String, frames: ClosedRange<Int>, region: PixelRegion, width: Int, height: Int,
                   pixelFormat: String = "yuv420p") throws -> [UInt8] {
        let filter = "select='between(n\\,\(frames.lowerBound)\\,\(frames.upperBound))',"
            + "crop=\(region.width):\(region.height):\(region.x):\(region.y):exact=1,scale=\(width):\(height):flags=bilinear,"
            + "format=\(pixelFormat),scale=flags=bilinear,format=rgb24"
        return [UInt8](try Shell.run("ffmpeg", ["-nostdin", "-v", "error", "-noautorotate", "-i", path, "-vf", filter, "-vsync", "0",
                                                "-pix_fmt", "rgb24", "-f", "rawvideo", "-"]))
    }

    func meanAbsoluteDifference(_ a: [UInt8], _ b: [UInt8]) -> Double {
        zip(a, b).reduce(0.0) { $0 + Double(abs(Int($1.0) - Int($1.1))) } / Double(max(1, a.count))
    }

    @Test(arguments: [
        ("h264_25.mp4", 13...20, 48, 40, 1, 1),
        ("odd_444.mkv", 3...9, 33, 21, 0, 0),
        ("portrait_30.mov", 20...29, 32, 32, 1, 1),
        ("vp9_60.webm", 0...5, 64, 48, 1, 1),
        ("vp9_60.webm", 17...29, 31, 17, 1, 1),
        ("mpeg4_23976.mkv", 11...23, 40, 56, 1, 1),
        ("mpeg4_25.avi", 0...2, 80, 60, 1, 1),
    ])
    func framesMatchTheCLI(name: String, frames: ClosedRange<Int>, width: Int, height: Int, shiftX: Int, shiftY: Int) throws {
        let path = try Corpus.require().path(name)
        let info = try probe(path)
        let region = try #require(ClipCrop.centerCover.sourceRegion(sourceWidth: info.width, sourceHeight: info.height,
                                                                     targetWidth: width, targetHeight: height,
                                                                     chromaShiftX: shiftX, chromaShiftY: shiftY))
        let clip = try decodeClip(path, frameIndices: Array(frames), width: width, height: height, crop: .region(region))
        let expected = try cliFrames(path, frames: frames, region: region, width: width, height: height,
                                     pixelFormat: shiftX == 0 ? "yuv444p" : "yuv420p")
        #expect(clip.pixels.count == expected.count)
        #expect(meanAbsoluteDifference(clip.pixels, expected) < 0.5)
        for position in 0..<frames.count {
            let ours = Array(clip.frame(position))
            let theirs = Array(expected[position * clip.frameByteCount ..< (position + 1) * clip.frameByteCount])
            #expect(ours == theirs, "frame \(frames.lowerBound + position): mean difference \(meanAbsoluteDifference(ours, theirs))")
        }
    }

    @Test func sameSizeIsExact() throws {
        let path = try Corpus.require().path("h264_25.mp4")
        let clip = try decodeClip(path, frameIndices: [17], width: 96, height: 64, crop: .stretch)
        let expected = try cliFrames(path, frames: 17...17, region: PixelRegion(x: 0, y: 0, width: 96, height: 64), width: 96, height: 64)
        #expect(clip.pixels == expected)
    }

    @Test func orderAndRepeatsAreKept() throws {
        let path = try Corpus.require().path("h264_25.mp4")
        let forward = try decodeClip(path, frameIndices: [4, 9], width: 32, height: 32)
        let mixed = try decodeClip(path, frameIndices: [9, 4, 9], width: 32, height: 32)
        #expect(mixed.frame(0) == forward.frame(1))
        #expect(mixed.frame(1) == forward.frame(0))
        #expect(mixed.frame(2) == forward.frame(1))
    }

    @Test func imageGivesFrameZeroOnly() throws {
        let path = try Corpus.require().path("still.png")
        let clip = try decodeClip(path, frameIndices: [0], width: 16, height: 16)
        #expect(clip.pixels.count == 16 * 16 * 3)
        let error = try #require(throws: MediaError.self) { try decodeClip(path, frameIndices: [1], width: 16, height: 16) }
        #expect(error.kind == .framesUnavailable)
    }

    @Test func framesPastTheEndAreAnError() throws {
        let path = try Corpus.require().path("h264_25.mp4")
        let error = try #require(throws: MediaError.self) { try decodeClip(path, frameIndices: [20, 40], width: 16, height: 16) }
        #expect(error.kind == .framesUnavailable)
        #expect(error.message.contains("40"))
    }

    @Test func badArgumentsAreAnError() throws {
        let path = try Corpus.require().path("h264_25.mp4")
        #expect(throws: MediaError.self) { try decodeClip(path, frameIndices: [], width: 16, height: 16) }
        #expect(throws: MediaError.self) { try decodeClip(path, frameIndices: [-1], width: 16, height: 16) }
        #expect(throws: MediaError.self) {
            try decodeClip(path, frameIndices: [0], width: 16, height: 16, crop: .region(PixelRegion(x: 90, y: 0, width: 20, height: 20)))
        }
    }
}

@Suite("check finds every broken file and no good one")
struct CheckTests {
    @Test func goodFilesAreClean() throws {
        let corpus = try Corpus.require()
        for name in corpus.good {
            let report = check(corpus.path(name))
            #expect(report.isClean, "\(name): \(report.errors)")
            #expect(report.framesDecoded > 0, "\(name)")
        }
    }

    @Test func brokenFilesAreReportedWithAReason() throws {
        let corpus = try Corpus.require()
        for name in corpus.broken {
            let report = check(corpus.path(name))
            #expect(!report.isClean, "\(name) passed the check")
            #expect(report.errors.allSatisfy { !$0.isEmpty }, "\(name)")
        }
    }

    @Test func expectedFramesComeFromTheContainer() throws {
        let report = check(try Corpus.require().path("h264_25.mp4"))
        #expect(report.framesExpected == 25)
        #expect(report.framesDecoded == 25)
    }

    @Test func aTinyTimeLimitStopsTheDecode() throws {
        let report = check(try Corpus.require().path("mpeg4_25.avi"), timeLimit: 1e-9)
        #expect(report.errors.contains { $0.contains("time limit") })
    }
}
