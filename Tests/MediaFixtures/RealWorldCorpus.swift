import Foundation

/// The forms real datasets hold that the basic corpus lacks, made with the ffmpeg CLI: containers
/// that announce streams late (MPEG-PS, FLV), raw elementary streams, AVIs whose header miscounts,
/// edit lists, fragments, cover art, variable frame rates, an open-GOP cut, anamorphic pixels,
/// 10-bit HEVC, AV1, VP9 and a palette PNG. Every file is ≤ 2 s at ≤ 96 px.
public struct RealWorldCorpus: Sendable {
    public let folder: String
    /// Videos, by name.
    public let videos: [String]
    public let images: [String]

    public func path(_ name: String) -> String { folder + "/" + name }

    public static let shared: Result<RealWorldCorpus, CorpusError> = {
        do { return .success(try RealWorldCorpus.make()) } catch { return .failure(CorpusError(message: "\(error)")) }
    }()

    public static func require() throws -> RealWorldCorpus { try shared.get() }

    static func make() throws -> RealWorldCorpus {
        guard Shell.which("ffmpeg") != nil, Shell.which("ffprobe") != nil else {
            throw CorpusError(message: "the ffmpeg and ffprobe CLIs are needed (apt-get install ffmpeg)")
        }
        let folder = NSTemporaryDirectory() + "strata-realworld-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let out = { (name: String) in folder + "/" + name }
        let source = ["-f", "lavfi", "-i", "testsrc2=size=96x64:rate=25,noise=alls=12:allf=t", "-t", "2"]
        let audio = ["-f", "lavfi", "-i", "sine=frequency=440:duration=2"]
        let h264 = ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-g", "12", "-bf", "2"]
        let x264BFrames = ["-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", "-g", "12", "-bf", "2"]
        var videos: [String] = []
        func make(_ name: String, _ arguments: [String]) throws {
            try Shell.ffmpeg(arguments + [out(name)])
            videos.append(name)
        }
        try make("mpeg1.mpg", source + ["-c:v", "mpeg1video", "-g", "12", "-bf", "2"])
        try make("mpeg2_interlaced.mpg", source + ["-c:v", "mpeg2video", "-flags", "+ilme+ildct", "-g", "12", "-f", "vob"])
        try make("sorenson.flv", source + ["-c:v", "flv1"])
        try make("h264.flv", source + h264)
        try make("raw.h264", source + x264BFrames)
        try make("raw.m2v", source + ["-c:v", "mpeg2video", "-g", "12"])
        try make("mpeg4_audio.avi", source + audio + ["-c:v", "mpeg4", "-c:a", "mp3", "-shortest"])
        try make("xvid.avi", source + ["-c:v", "mpeg4", "-vtag", "xvid", "-bf", "1", "-q:v", "4"])
        try Shell.ffmpeg(source + ["-c:v", "mpeg4", "-q:v", "4", out("base.avi")])
        try write(patchAVIFrameCount(try Data(contentsOf: URL(fileURLWithPath: out("base.avi"))), to: 444), to: out("header_444.avi"))
        videos.append("header_444.avi")
        try Shell.ffmpeg(source + x264BFrames + [out("base.mp4")])
        try make("editlist.mp4", ["-ss", "0.3", "-i", out("base.mp4"), "-t", "1.2", "-c", "copy"])
        try make("fragmented.mp4", source + h264 + ["-movflags", "frag_keyframe+empty_moov"])
        try Shell.ffmpeg(["-f", "lavfi", "-i", "testsrc2=size=64x64", "-frames:v", "1", out("cover.png")])
        try make("cover_art.mp4", ["-i", out("base.mp4"), "-i", out("cover.png"), "-map", "0", "-map", "1", "-c", "copy",
                                   "-disposition:v:1", "attached_pic"])
        // Frame times that ramp (normal, half speed, double speed) and that skip every 7th frame.
        try make("vfr_ramp.mp4", source + ["-vf", "setpts='if(lt(N,10),N,if(lt(N,25),10+(N-10)*2,40+(N-25)*0.5))/25/TB'",
                                           "-fps_mode", "passthrough"] + h264)
        try make("vfr_dropped.mkv", source + ["-vf", "select='not(eq(mod(n,7),3))'", "-fps_mode", "passthrough"] + h264)
        try make("vfr_dropped.mp4", source + ["-vf", "select='not(eq(mod(n,5),2))'", "-fps_mode", "passthrough"] + h264)
        // An open-GOP stream cut where a stream copy cuts it: leading pictures reference the lost GOP.
        try Shell.ffmpeg(source + ["-c:v", "libx264", "-preset", "veryfast", "-bf", "2", "-x264-params", "open-gop=1:keyint=12",
                                   "-f", "mpegts", out("opengop.ts")])
        try make("opengop_cut.ts", ["-ss", "0.9", "-i", out("opengop.ts"), "-c", "copy"])
        try make("anamorphic.mp4", source + ["-vf", "setsar=4/3"] + h264)
        try make("rotated.mp4", ["-i", out("base.mp4"), "-c", "copy", "-metadata:s:v:0", "rotate=90"])
        try make("hevc_10bit.mkv", source + ["-c:v", "libx265", "-preset", "ultrafast", "-pix_fmt", "yuv420p10le",
                                             "-x265-params", "log-level=error"])
        try make("av1.mkv", source + ["-c:v", "libaom-av1", "-cpu-used", "8", "-row-mt", "0", "-crf", "40", "-g", "12"])
        try make("vp9.webm", source + ["-c:v", "libvpx-vp9", "-deadline", "realtime", "-cpu-used", "8", "-g", "12"])
        try Shell.ffmpeg(["-f", "lavfi", "-i", "testsrc2=size=78x52", "-vf", "scale=77:51", "-frames:v", "1", "-pix_fmt", "pal8", out("palette.png")])
        return RealWorldCorpus(folder: folder, videos: videos, images: ["palette.png"])
    }
}

/// Sets an AVI's header frame counts (avih dwTotalFrames and the video strh dwLength) to `count`,
/// as broken muxers and cut tools leave them; the index (idx1) keeps the truth.
func patchAVIFrameCount(_ data: Data, to count: UInt32) -> Data {
    var bytes = [UInt8](data)
    func put(_ value: UInt32, at offset: Int) {
        for byte in 0..<4 { bytes[offset + byte] = UInt8(truncatingIfNeeded: value >> (8 * UInt32(byte))) }
    }
    func find(_ tag: String, from start: Int = 0) -> Int? {
        let pattern = Array(tag.utf8)
        guard bytes.count >= pattern.count else { return nil }
        return (start...(bytes.count - pattern.count)).first { Array(bytes[$0 ..< $0 + pattern.count]) == pattern }
    }
    if let avih = find("avih") { put(count, at: avih + 8 + 16) }
    if let strh = find("strh"), let vids = find("vids", from: strh) , vids == strh + 8 { put(count, at: strh + 8 + 32) }
    return Data(bytes)
}

func write(_ data: Data, to path: String) throws { try data.write(to: URL(fileURLWithPath: path)) }
