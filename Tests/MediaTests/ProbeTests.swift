import Foundation
import Media
import MediaFixtures
import Testing

/// What ffprobe says about the first video stream (it runs find_stream_info and counts packets).
struct FFprobeStream {
    var format: String
    var codec: String
    var width: Int
    var height: Int
    var averageRate: String
    var realRate: String
    var frames: Int?
    var packets: Int
    var pixelFormat: String
    var rotation: Int

    init(_ path: String) throws {
        let data = try Shell.run("ffprobe", ["-v", "error", "-select_streams", "v:0", "-count_packets",
                                            "-show_entries", "stream=codec_name,width,height,avg_frame_rate,r_frame_rate,nb_frames,nb_read_packets,pix_fmt:stream_side_data=rotation:format=format_name",
                                            "-of", "json", path])
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let stream = try #require((json["streams"] as? [[String: Any]])?.first)
        format = (json["format"] as? [String: Any])?["format_name"] as? String ?? ""
        codec = stream["codec_name"] as? String ?? ""
        width = stream["width"] as? Int ?? 0
        height = stream["height"] as? Int ?? 0
        averageRate = stream["avg_frame_rate"] as? String ?? ""
        realRate = stream["r_frame_rate"] as? String ?? ""
        frames = (stream["nb_frames"] as? String).flatMap { Int($0) }
        packets = (stream["nb_read_packets"] as? String).flatMap { Int($0) } ?? 0
        pixelFormat = stream["pix_fmt"] as? String ?? ""
        let sideData = stream["side_data_list"] as? [[String: Any]] ?? []
        let counterClockwise = sideData.compactMap { $0["rotation"] as? Int }.first ?? 0
        rotation = ((-counterClockwise % 360) + 360) % 360
    }
}

@Suite("probe against ffprobe")
struct ProbeTests {
    static let videos = ["h264_25.mp4", "h264_2997_faststart.mp4", "portrait_30.mov", "odd_444.mkv", "mpeg4_23976.mkv",
                         "vp9_60.webm", "mpeg4_25.avi", "rotated_90.mp4", "with_audio.mp4", "webm_named.mp4", "mp4_named.mkv"]

    @Test(arguments: videos)
    func videoFieldsEqualFFprobe(name: String) throws {
        let corpus = try Corpus.require()
        let path = corpus.path(name)
        let expected = try FFprobeStream(path)
        let info = try probe(path)
        #expect(info.container == expected.format)
        #expect(info.codec == expected.codec)
        #expect(info.width == expected.width)
        #expect(info.height == expected.height)
        #expect(info.rotation == expected.rotation)
        let rate = expected.averageRate == "0/0" ? expected.realRate : expected.averageRate
        #expect(info.fps?.description == rate)
        #expect(!info.isImage)
        #expect(info.fileSize == (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int).map(Int64.init))
        if let pixelFormat = info.pixelFormat { #expect(pixelFormat == expected.pixelFormat) }
        if let frames = expected.frames, info.container.hasPrefix("mov") {
            #expect(info.frameCountIsExact)
            #expect(info.frameCount == frames)
        }
        let counted = try probe(path, frameCounting: .packets)
        #expect(counted.frameCount == expected.packets)
        #expect(counted.frameCountIsExact)
    }

    @Test func estimatesAreFlagged() throws {
        let info = try probe(try Corpus.require().path("vp9_60.webm"))
        #expect(!info.frameCountIsExact)
        #expect(info.frameCount == 30)
    }

    @Test func rotationGivesDisplaySize() throws {
        let info = try probe(try Corpus.require().path("rotated_90.mp4"))
        // The tag "rotate=90" is stored as a display matrix; which way round depends on the muxer's
        // version, so only the quarter turn is asserted here (the sign is checked against ffprobe above).
        #expect(info.rotation % 180 == 90)
        #expect(info.width == 96 && info.height == 64)
        #expect(info.displayWidth == 64 && info.displayHeight == 96)
    }

    @Test(arguments: [("still.jpg", 100, 60), ("still.png", 77, 51), ("still.webp", 64, 64), ("still.bmp", 40, 30)])
    func imagesHaveOneFrameAndNoRate(name: String, width: Int, height: Int) throws {
        let info = try probe(try Corpus.require().path(name))
        #expect(info.isImage)
        #expect(info.frameCount == 1 && info.frameCountIsExact)
        #expect(info.fps == nil)
        #expect(info.width == width && info.height == height)
    }

    @Test(arguments: ["truncated_moov_at_end.mp4", "zero_bytes.mp4", "random_bytes.mp4", "audio_only.mp4", "html_page.mp4", "missing.mp4"])
    func unopenableFilesThrowWithAReason(name: String) throws {
        let path = try Corpus.require().path(name)
        let error = try #require(throws: MediaError.self) { try probe(path) }
        #expect(error.path == path)
        #expect(!error.message.isEmpty)
        #expect(error.description.contains(name))
    }
}
