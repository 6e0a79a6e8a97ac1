import Foundation
import Media
import MediaFixtures
import Testing

/// ffprobe's view of a file's first video stream, frames counted by decoding (`-count_frames`).
struct DecodedCount {
    var width: Int
    var height: Int
    var frames: Int
    var pixelFormat: String

    init(_ path: String) throws {
        let data = try Shell.run("ffprobe", ["-v", "quiet", "-select_streams", "v:0", "-count_frames",
                                            "-show_entries", "stream=width,height,nb_read_frames,pix_fmt", "-of", "json", path])
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let stream = try #require((json["streams"] as? [[String: Any]])?.first)
        width = stream["width"] as? Int ?? 0
        height = stream["height"] as? Int ?? 0
        frames = (stream["nb_read_frames"] as? String).flatMap { Int($0) } ?? 0
        pixelFormat = stream["pix_fmt"] as? String ?? ""
    }
}

/// What `ffmpeg -v error -i F -f null -` prints: nothing for a file it reads without a problem.
func ffmpegCLIErrors(_ path: String) -> String {
    do {
        let (status, text) = try Shell.status("ffmpeg", ["-nostdin", "-v", "error", "-i", path, "-f", "null", "-"])
        // The null muxer's complaints about timestamps (valid VFR files) are not about the file.
        var muxerLine = false
        let kept = text.split(separator: "\n").filter { line in
            if line.contains("Last message repeated") { return !muxerLine }
            muxerLine = line.hasPrefix("[null @")
            return !muxerLine
        }
        let lines = kept.joined(separator: "\n")
        return status == 0 ? lines : lines + "(exit \(status))"
    } catch {
        return "\(error)"
    }
}

@Suite("real-world forms against ffprobe and the ffmpeg CLI")
struct RealWorldTests {
    static let videos = (try? RealWorldCorpus.require().videos) ?? []

    @Test(arguments: videos)
    func probeFindsTheStreamAndCountsLikeFFprobe(name: String) throws {
        let path = try RealWorldCorpus.require().path(name)
        let expected = try DecodedCount(path)
        let info = try probe(path)
        #expect(info.width == expected.width && info.height == expected.height)
        if info.frameCountIsExact {
            #expect(info.frameCount == expected.frames, "header count")
        } else {
            // An estimate (duration × rate) for containers without an index: near, and flagged.
            #expect(abs(info.frameCount - expected.frames) <= max(2, expected.frames / 5), "estimate \(info.frameCount)")
        }
        let decoded = try probe(path, frameCounting: .decoded)
        #expect(decoded.frameCount == expected.frames && decoded.frameCountIsExact)
    }

    @Test(arguments: videos + ["palette.png"])
    func checkAgreesWithTheCLI(name: String) throws {
        let path = try RealWorldCorpus.require().path(name)
        let cli = ffmpegCLIErrors(path)
        let report = check(path)
        #expect(report.isClean == cli.isEmpty, "strata: \(report.errors); ffmpeg: \(cli)")
        #expect(report.framesDecoded == (try DecodedCount(path)).frames)
    }

    /// Every clip inside the decodable range comes back, equal to the CLI's frames at those numbers.
    @Test(arguments: videos)
    func clipsEqualTheCLIsFrames(name: String) throws {
        let path = try RealWorldCorpus.require().path(name)
        let expected = try DecodedCount(path)
        let total = expected.frames
        let windows = [0...2, (total / 2 - 2)...(total / 2 + 2), (total - 3)...(total - 1), (total / 3)...(total / 3)]
        for frames in windows {
            let clip = try decodeClip(path, frameIndices: Array(frames), width: expected.width, height: expected.height, crop: .stretch)
            let reference = try ClipTests().cliFrames(path, frames: frames, region: PixelRegion(x: 0, y: 0, width: expected.width, height: expected.height),
                                                      width: expected.width, height: expected.height, pixelFormat: expected.pixelFormat)
            #expect(clip.pixels.elementsEqual(reference), "\(name) frames \(frames): mean difference \(ClipTests().meanAbsoluteDifference(clip.pixels, reference))")
        }
    }

    @Test func paletteImagesConvertToRGB() throws {
        let path = try RealWorldCorpus.require().path("palette.png")
        #expect(try probe(path).pixelFormat == "pal8")
        let clip = try decodeClip(path, frameIndices: [0], width: 77, height: 51, crop: .stretch)
        let reference = [UInt8](try Shell.run("ffmpeg", ["-nostdin", "-v", "error", "-i", path, "-pix_fmt", "rgb24", "-f", "rawvideo", "-"]))
        #expect(clip.pixels.elementsEqual(reference), "mean difference \(ClipTests().meanAbsoluteDifference(clip.pixels, reference))")
        let scaled = try decodeClip(path, frameIndices: [0], width: 32, height: 32)
        #expect(scaled.pixels.count == 32 * 32 * 3)
    }

    @Test func anamorphicKeepsTheStoredSizeAndStatesTheSampleAspectRatio() throws {
        let path = try RealWorldCorpus.require().path("anamorphic.mp4")
        let info = try probe(path)
        #expect(info.width == 96 && info.height == 64)
        #expect(info.sampleAspectRatio == Rational(4, 3))
        let clip = try decodeClip(path, frameIndices: [3], width: 96, height: 64, crop: .stretch)
        #expect(clip.pixels.count == 96 * 64 * 3)
    }

    @Test func absurdHeaderSizesAreCheckedAgainstTheBitstream() throws {
        let corpus = try RealWorldCorpus.require()
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: corpus.path("base.mp4"))))
        // The avc1 sample entry's width, 28 bytes after its type: claim 51,072.
        let avc1 = try #require((0..<(bytes.count - 4)).first { Array(bytes[$0 ..< $0 + 4]) == Array("avc1".utf8) })
        bytes[avc1 + 28] = 0xC7
        bytes[avc1 + 29] = 0x80
        let path = corpus.path("wide_header.mp4")
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let info = try probe(path)
        #expect(info.width == 96 && info.height == 64)
    }
}

@Suite("files that are not regular files are refused, never opened")
struct NonRegularFileTests {
    @Test func fifoDirectoryAndDeviceAreRefusedWithAReason() throws {
        let folder = NSTemporaryDirectory() + "strata-fifo-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder + "/folder.mp4", withIntermediateDirectories: true)
        #expect(mkfifo(folder + "/pipe.mp4", 0o644) == 0)
        for (path, words) in [(folder + "/pipe.mp4", "named pipe"), (folder + "/folder.mp4", "directory"), ("/dev/zero", "device")] {
            let error = try #require(throws: MediaError.self) { try probe(path) }
            #expect(error.description.contains(words))
            #expect(!check(path, timeLimit: 5).isClean)
            #expect(throws: MediaError.self) { try decodeClip(path, frameIndices: [0], width: 8, height: 8) }
        }
    }
}
