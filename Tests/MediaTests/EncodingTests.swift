import Foundation
import Media
import MediaFixtures
import Testing

/// A fresh folder per test.
private func scratchFolder() throws -> String {
    let folder = NSTemporaryDirectory() + "strata-encode-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    return folder
}

/// Frame `index` of a test video: a flat colour that changes every few frames, so that a
/// frame that comes back in the wrong place is caught too.
private func flatFrame(_ index: Int, width: Int, height: Int) -> [UInt8] {
    let colours: [[UInt8]] = [[230, 25, 25], [30, 180, 40], [30, 60, 220], [240, 220, 30], [245, 245, 245], [15, 15, 15]]
    let colour = colours[(index / 3) % colours.count]
    return Array((0 ..< width * height).map { _ in colour }.joined())
}

private func meanAbsoluteError(_ a: some Collection<UInt8>, _ b: some Collection<UInt8>) -> Double {
    precondition(a.count == b.count)
    let total = zip(a, b).reduce(0) { $0 + abs(Int($1.0) - Int($1.1)) }
    return Double(total) / Double(a.count)
}

/// Files other than `expected` in `folder` (temporary names included).
private func strayFiles(_ folder: String, expected: Set<String>) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: folder).filter { !expected.contains($0) }
}

@Suite("video and image writers")
struct EncodingTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var codec: VideoEncoding.Codec
        var width: Int
        var height: Int
        var fps: Rational
        var frames: Int
        var testDescription: String { name }
    }

    static let cases = [
        Case(name: "h264_25.mp4", codec: .h264, width: 64, height: 48, fps: Rational(25, 1), frames: 30),
        Case(name: "h264_ntsc_portrait.mp4", codec: .h264, width: 72, height: 128, fps: Rational(30000, 1001), frames: 20),
        Case(name: "h264_24.mkv", codec: .h264, width: 96, height: 64, fps: Rational(24, 1), frames: 24),
        Case(name: "mpeg4_30.mp4", codec: .mpeg4, width: 64, height: 64, fps: Rational(30, 1), frames: 18),
    ]

    @Test(arguments: cases)
    func videoProbesAndDecodesBackToTheFrames(_ test: Case) throws {
        let folder = try scratchFolder()
        let path = folder + "/" + test.name
        let frames = (0 ..< test.frames).map { flatFrame($0, width: test.width, height: test.height) }
        let writer = try VideoWriter(path: path, width: test.width, height: test.height, fps: test.fps,
                                     encoding: VideoEncoding(codec: test.codec))
        for frame in frames { try writer.append(frame) }
        #expect(!FileManager.default.fileExists(atPath: path), "the file appears only when finished")
        try writer.finish()
        #expect(writer.framesWritten == test.frames)
        #expect(try strayFiles(folder, expected: [test.name]).isEmpty)

        let info = try probe(path, frameCounting: .packets)
        #expect(info.codec == test.codec.rawValue)
        #expect(info.width == test.width && info.height == test.height)
        #expect(info.frameCount == test.frames)
        #expect(info.fps == test.fps)
        if test.name.hasSuffix(".mp4") {
            #expect(try probe(path).frameCount == test.frames, "the mp4 sample table lists every frame")
        }

        let ffprobe = try FFprobeStream(path)
        #expect(ffprobe.codec == test.codec.rawValue)
        #expect(ffprobe.width == test.width && ffprobe.height == test.height)
        #expect(ffprobe.packets == test.frames)
        #expect(ffprobe.averageRate == test.fps.description)
        #expect(ffprobe.pixelFormat == "yuv420p")
        #expect(check(path).isClean)

        let clip = try decodeClip(path, frameIndices: Array(0 ..< test.frames), width: test.width, height: test.height, crop: .stretch)
        var worst = 0.0
        for (index, frame) in frames.enumerated() {
            worst = max(worst, meanAbsoluteError(clip.frame(index), frame))
        }
        // Measured: 1.67 (of 255) for every case here, H.264 and MPEG-4 alike; the rest is
        // 8-bit limited-range YUV rounding.
        #expect(worst < 3, "worst per-frame mean absolute error \(worst)")
    }

    @Test func sameFramesGiveTheSameBytes() throws {
        let folder = try scratchFolder()
        var files: [Data] = []
        for name in ["a.mp4", "b.mp4"] {
            let pixels = Array((0 ..< 12).map { flatFrame($0, width: 64, height: 64) }.joined())
            try VideoWriter.write(frames: pixels, width: 64, height: 64, to: folder + "/" + name, fps: Rational(24, 1))
            files.append(try Data(contentsOf: URL(fileURLWithPath: folder + "/" + name)))
        }
        #expect(files[0] == files[1])
    }

    @Test func unfinishedOrFailedWritesLeaveNothingBehind() throws {
        let folder = try scratchFolder()
        do {
            let writer = try VideoWriter(path: folder + "/dropped.mp4", width: 32, height: 32, fps: Rational(25, 1))
            try writer.append(flatFrame(0, width: 32, height: 32))
        }
        #expect(try strayFiles(folder, expected: []).isEmpty, "a writer dropped unfinished removes its temporary file")

        let writer = try VideoWriter(path: folder + "/short.mp4", width: 32, height: 32, fps: Rational(25, 1))
        let wrongSize = #expect(throws: EncodeError.self) { try writer.append([UInt8](repeating: 0, count: 10)) }
        #expect(wrongSize?.kind == .invalidArgument)
        #expect(wrongSize?.description.contains(folder + "/short.mp4") == true)
        #expect(wrongSize?.description.contains("3072 bytes, got 10") == true)
        #expect(throws: EncodeError.self) { try writer.finish() }
        #expect(try strayFiles(folder, expected: []).isEmpty)

        let empty = try VideoWriter(path: folder + "/empty.mp4", width: 32, height: 32, fps: Rational(25, 1))
        let noFrames = #expect(throws: EncodeError.self) { try empty.finish() }
        #expect(noFrames?.message.contains("at least one frame") == true)
        #expect(try strayFiles(folder, expected: []).isEmpty)
    }

    @Test func badRequestsNameTheOutput() throws {
        let folder = try scratchFolder()
        let odd = #expect(throws: EncodeError.self) {
            try VideoWriter(path: folder + "/odd.mp4", width: 33, height: 32, fps: Rational(25, 1))
        }
        #expect(odd?.description == "\(folder)/odd.mp4: 4:2:0 video needs an even, positive width and height, got 33x32")
        let missingFolder = #expect(throws: EncodeError.self) {
            try VideoWriter(path: folder + "/no/such/folder/v.mp4", width: 32, height: 32, fps: Rational(25, 1))
        }
        #expect(missingFolder?.kind == .output)
        #expect(missingFolder?.description.hasPrefix(folder + "/no/such/folder/v.mp4: cannot create the file") == true)
        let unknown = #expect(throws: EncodeError.self) {
            try VideoWriter(path: folder + "/v.unknownext", width: 32, height: 32, fps: Rational(25, 1))
        }
        #expect(unknown?.kind == .invalidArgument)
        let image = #expect(throws: EncodeError.self) {
            try ImageWriter().write([UInt8](repeating: 0, count: 12), width: 2, height: 2, to: folder + "/x.gif")
        }
        #expect(image?.message.contains(".png, .jpg or .jpeg") == true)
        #expect(try strayFiles(folder, expected: []).isEmpty)
    }

    /// PNG must come back exactly; JPEG within a bound measured here: mean absolute error 2.24 for
    /// the 64×48 quadrants (4:2:0 chroma blurs the colour edges), 0.33 for a flat 33×17 picture
    /// (2.54 while swscale saw black past the odd right edge: the last chroma column went blue).
    @Test(arguments: [("still.png", 77, 51, true, 0.0), ("still.jpg", 64, 48, true, 3.5), ("odd.jpeg", 33, 17, false, 1.0)])
    func imageRoundTrips(name: String, width: Int, height: Int, quadrants: Bool, bound: Double) throws {
        let folder = try scratchFolder()
        let path = folder + "/" + name
        // Four flat quadrants, so a transposed or shifted picture is caught.
        let colours: [[UInt8]] = [[230, 25, 25], [30, 180, 40], [30, 60, 220], [240, 220, 30]]
        var pixels: [UInt8] = []
        for y in 0 ..< height {
            for x in 0 ..< width { pixels += quadrants ? colours[(y < height / 2 ? 0 : 2) + (x < width / 2 ? 0 : 1)] : colours[3] }
        }
        try ImageWriter().write(pixels, width: width, height: height, to: path)
        #expect(try strayFiles(folder, expected: [name]).isEmpty)
        let info = try probe(path)
        #expect(info.isImage)
        #expect(info.width == width && info.height == height)
        let ffprobe = try FFprobeStream(path)
        #expect(ffprobe.codec == (name.hasSuffix(".png") ? "png" : "mjpeg"))
        #expect(ffprobe.width == width && ffprobe.height == height)
        let back = try decodeClip(path, frameIndices: [0], width: width, height: height, crop: .stretch)
        if name.hasSuffix(".png") {
            #expect(back.pixels == pixels, "PNG is lossless")
        } else {
            let error = meanAbsoluteError(back.pixels, pixels)
            #expect(error < bound, "mean absolute error \(error)")
        }
    }
}
