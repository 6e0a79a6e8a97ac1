import Foundation

/// Small videos, images and broken files made with the ffmpeg CLI in a fresh temp folder, once per
/// test process. Every file is ≤ 1 s and ≤ 128 px so the whole corpus builds in a few seconds.
public struct Corpus: Sendable {
    public let folder: String
    /// Files that decode cleanly, by name.
    public let good: [String]
    /// Files that must be reported as broken.
    public let broken: [String]
    /// Files that are valid although their extension lies.
    public let oddButValid: [String]

    public func path(_ name: String) -> String { folder + "/" + name }

    /// Built once; a failure (no ffmpeg CLI, say) fails every test that needs the corpus, with the reason.
    public static let shared: Result<Corpus, CorpusError> = {
        do { return .success(try Corpus.make()) } catch { return .failure(CorpusError(message: "\(error)")) }
    }()

    public static func require() throws -> Corpus { try shared.get() }

    static func make() throws -> Corpus {
        guard Shell.which("ffmpeg") != nil, Shell.which("ffprobe") != nil else {
            throw CorpusError(message: "the ffmpeg and ffprobe CLIs are needed (apt-get install ffmpeg)")
        }
        let folder = NSTemporaryDirectory() + "strata-media-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let source = "testsrc2=size=%@:rate=%@,noise=alls=12:allf=t"
        func video(_ name: String, size: String, rate: String, seconds: String = "1", _ codec: [String], extra: [String] = []) throws {
            try Shell.ffmpeg(["-f", "lavfi", "-i", String(format: source, size, rate), "-t", seconds] + codec + extra + [folder + "/" + name])
        }
        let h264 = ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-g", "12"]
        try video("h264_25.mp4", size: "96x64", rate: "25", h264)
        try video("h264_2997_faststart.mp4", size: "128x72", rate: "30000/1001", h264, extra: ["-movflags", "+faststart"])
        try video("portrait_30.mov", size: "64x112", rate: "30", h264)
        // testsrc2 only makes even sizes; the scale filter gives the odd ones.
        try video("odd_444.mkv", size: "78x52", rate: "25", ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv444p", "-g", "10"],
                  extra: ["-vf", "scale=77:51"])
        try video("mpeg4_23976.mkv", size: "96x96", rate: "24000/1001", ["-c:v", "mpeg4", "-q:v", "5", "-g", "10"])
        try video("vp9_60.webm", size: "64x48", rate: "60", seconds: "0.5", ["-c:v", "libvpx-vp9", "-deadline", "realtime", "-cpu-used", "8", "-g", "15"])
        try video("mpeg4_25.avi", size: "80x60", rate: "25", ["-c:v", "mpeg4", "-q:v", "5"])
        try Shell.ffmpeg(["-i", folder + "/h264_25.mp4", "-c", "copy", "-metadata:s:v:0", "rotate=90", folder + "/rotated_90.mp4"])
        try Shell.ffmpeg(["-f", "lavfi", "-i", String(format: source, "96x64", "25"), "-f", "lavfi", "-i", "sine=frequency=440:duration=1",
                          "-t", "1"] + h264 + ["-c:a", "aac", "-shortest", folder + "/with_audio.mp4"])
        for (name, size) in [("still.jpg", "100x60"), ("still.png", "77x51"), ("still.webp", "64x64"), ("still.bmp", "40x30")] {
            try Shell.ffmpeg(["-f", "lavfi", "-i", "testsrc2=size=128x128:rate=1", "-vf", "scale=\(size.replacingOccurrences(of: "x", with: ":"))",
                              "-frames:v", "1", folder + "/" + name])
        }
        // Valid files whose extension lies.
        try FileManager.default.copyItem(atPath: folder + "/vp9_60.webm", toPath: folder + "/webm_named.mp4")
        try FileManager.default.copyItem(atPath: folder + "/h264_25.mp4", toPath: folder + "/mp4_named.mkv")
        // Broken files.
        let data = { (name: String) in try Data(contentsOf: URL(fileURLWithPath: folder + "/" + name)) }
        let write = { (name: String, bytes: Data) in try bytes.write(to: URL(fileURLWithPath: folder + "/" + name)) }
        let moovAtEnd = try data("h264_25.mp4")
        try write("truncated_moov_at_end.mp4", moovAtEnd.prefix(moovAtEnd.count / 2))
        let faststart = try data("h264_2997_faststart.mp4")
        try write("truncated_faststart.mp4", faststart.prefix(faststart.count * 6 / 10))
        let matroska = try data("mpeg4_23976.mkv")
        try write("truncated.mkv", matroska.prefix(matroska.count / 2))
        var corrupted = try data("h264_2997_faststart.mp4")
        var generator = SplitMix(seed: 5)
        let middle = corrupted.count / 2
        for offset in middle ..< min(corrupted.count, middle + 4096) { corrupted[offset] = UInt8(truncatingIfNeeded: generator.next()) }
        try write("corrupted_middle.mp4", corrupted)
        try write("zero_bytes.mp4", Data())
        try write("random_bytes.mp4", Data((0..<65536).map { _ in UInt8(truncatingIfNeeded: generator.next()) }))
        try Shell.ffmpeg(["-f", "lavfi", "-i", "sine=frequency=440:duration=0.5", "-c:a", "aac", folder + "/audio_only.mp4"])
        try write("html_page.mp4", Data("<html><body>403 Forbidden</body></html>\n".utf8))
        return Corpus(
            folder: folder,
            good: ["h264_25.mp4", "h264_2997_faststart.mp4", "portrait_30.mov", "odd_444.mkv", "mpeg4_23976.mkv",
                   "vp9_60.webm", "mpeg4_25.avi", "rotated_90.mp4", "with_audio.mp4",
                   "still.jpg", "still.png", "still.webp", "still.bmp", "webm_named.mp4", "mp4_named.mkv"],
            broken: ["truncated_moov_at_end.mp4", "truncated_faststart.mp4", "truncated.mkv", "corrupted_middle.mp4",
                     "zero_bytes.mp4", "random_bytes.mp4", "audio_only.mp4", "html_page.mp4"],
            oddButValid: ["webm_named.mp4", "mp4_named.mkv"]
        )
    }
}

public struct CorpusError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

/// Deterministic bytes for the corrupted files.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

public enum Shell {
    public static func which(_ tool: String) -> String? {
        for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":") {
            let candidate = "\(folder)/\(tool)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Runs a tool with its standard output discarded: its exit status and standard error.
    public static func status(_ tool: String, _ arguments: [String]) throws -> (status: Int32, errors: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: which(tool) ?? tool)
        process.arguments = arguments
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, text)
    }

    /// Runs a tool and returns its standard output; throws with its standard error on failure.
    @discardableResult
    public static func run(_ tool: String, _ arguments: [String]) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: which(tool) ?? tool)
        process.arguments = arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        // Read both pipes before waiting so a chatty tool cannot fill a pipe and block.
        let errorData = ErrorBox()
        let thread = Thread { errorData.data = errors.fileHandleForReading.readDataToEndOfFile() }
        thread.start()
        let result = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while !errorData.done { usleep(1000) }
        guard process.terminationStatus == 0 else {
            throw CorpusError(message: "\(tool) \(arguments.joined(separator: " ")) failed: \(String(decoding: errorData.data, as: UTF8.self))")
        }
        return result
    }

    static func ffmpeg(_ arguments: [String]) throws {
        try run("ffmpeg", ["-nostdin", "-v", "error", "-y"] + arguments)
    }
}

final class ErrorBox: @unchecked Sendable {
    private let lock = NSLock()
    private var stored = Data()
    private var finished = false
    var data: Data {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue; finished = true } }
    }
    var done: Bool { lock.withLock { finished } }
}
