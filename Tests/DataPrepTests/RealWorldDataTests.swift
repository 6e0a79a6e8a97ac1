import DataPrep
import DataTable
import Foundation
import Media
import MediaFixtures
import Testing

/// A file is good for the ffmpeg CLI when `ffmpeg -v error -i F -f null -` exits 0 and prints
/// nothing at error level (the null muxer's timestamp complaints excepted) and it has video frames.
func ffmpegCLISaysGood(_ path: String) -> Bool {
    guard let (status, errors) = try? Shell.status("ffmpeg", ["-nostdin", "-v", "error", "-i", path, "-f", "null", "-"]), status == 0 else { return false }
    var muxerLine = false
    let kept = errors.split(separator: "\n").filter { line in
        if line.contains("Last message repeated") { return !muxerLine }
        muxerLine = line.hasPrefix("[null @")
        return !muxerLine
    }
    guard kept.isEmpty else { return false }
    let frames = (try? Shell.run("ffprobe", ["-v", "quiet", "-select_streams", "v:0", "-count_frames", "-show_entries",
                                             "stream=nb_read_frames", "-of", "csv=p=0", path]))
        .map { String(decoding: $0, as: UTF8.self).filter(\.isNumber) }.flatMap { Int($0) } ?? 0
    return frames > 0
}

@Suite("data verbs on real-world forms, odd paths and corrupted files")
struct RealWorldDataTests {
    /// A table of the real-world corpus plus a FIFO, a directory named .mp4 and two devices.
    func oddTable() throws -> (folder: String, table: String, odd: [String], names: [String]) {
        let corpus = try RealWorldCorpus.require()
        let folder = NSTemporaryDirectory() + "strata-odd-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder + "/folder.mp4", withIntermediateDirectories: true)
        #expect(mkfifo(folder + "/pipe.mp4", 0o644) == 0)
        let names = corpus.videos + corpus.images
        let odd = [folder + "/pipe.mp4", folder + "/folder.mp4", "/dev/zero", "/dev/null"]
        let rows = (names.map { corpus.path($0) } + odd).map { TableRow(fields: [$0, "a caption"]) }
        try Table(header: TableHeader(["path", "text"]), rows: rows).write(to: folder + "/in.csv")
        return (folder, folder + "/in.csv", odd, names)
    }

    @Test func infoAndCheckFinishAndReportEveryRow() throws {
        let (folder, table, odd, names) = try oddTable()
        let info = try computeInfo(input: table, output: folder + "/info.csv", options: InfoOptions(workers: 2))
        #expect(info.rowsWritten == names.count + odd.count)
        #expect(Set(info.failures.map(\.path)) == Set(odd))
        let check = try checkTable(input: table, output: folder + "/clean.csv", report: folder + "/broken.jsonl",
                                   options: CheckOptions(workers: 2, timeLimit: 30))
        #expect(check.rowsChecked == names.count + odd.count)
        let corpus = try RealWorldCorpus.require()
        let kept = Set(try Table.read(folder + "/clean.csv").column("path") ?? [])
        let good = Set(names.map { corpus.path($0) }.filter(ffmpegCLISaysGood))
        #expect(kept == good)
        for failure in check.broken { #expect(!failure.reason.isEmpty, "\(failure.path)") }
        #expect(Set(check.broken.map(\.path)).isSuperset(of: odd))
    }

    /// A few dozen corrupted variants (bench/data_fuzz.sh runs 360): every row is accounted for,
    /// and check's verdict is the ffmpeg CLI's.
    @Test func corruptedFilesAreJudgedAsTheCLIJudgesThem() throws {
        let corpus = try Corpus.require()
        let folder = NSTemporaryDirectory() + "strata-fuzz-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var random = SeededBytes(seed: 20)
        var paths: [String] = []
        for base in ["h264_25.mp4", "mpeg4_23976.mkv", "with_audio.mp4", "mpeg4_25.avi"] {
            let data = [UInt8](try Data(contentsOf: URL(fileURLWithPath: corpus.path(base))))
            for variant in 0..<8 {
                var bytes = data
                switch variant % 4 {
                case 0: bytes = Array(bytes.prefix(max(1, bytes.count * (10 + random.below(80)) / 100)))
                case 1: for _ in 0..<8 { bytes[random.below(bytes.count / 2) + bytes.count / 4] ^= UInt8(1 << random.below(8)) }
                case 2:
                    let start = random.below(bytes.count - 512)
                    for offset in start ..< start + 512 { bytes[offset] = 0 }
                default: bytes += (0..<(1 + random.below(4000))).map { _ in UInt8(random.below(256)) }
                }
                let path = "\(folder)/\(variant)_\(base)"
                try Data(bytes).write(to: URL(fileURLWithPath: path))
                paths.append(path)
            }
        }
        try Table(header: TableHeader(["path"]), rows: paths.map { TableRow(fields: [$0]) }).write(to: folder + "/in.csv")
        let summary = try checkTable(input: folder + "/in.csv", output: folder + "/clean.csv", report: folder + "/broken.jsonl",
                                     options: CheckOptions(workers: 2, timeLimit: 30))
        #expect(summary.rowsChecked == paths.count)
        #expect(summary.rowsClean + summary.broken.count == paths.count)
        let kept = Set(try Table.read(folder + "/clean.csv").column("path") ?? [])
        for path in paths {
            #expect(kept.contains(path) == ffmpegCLISaysGood(path), "\(path): \(summary.broken.first { $0.path == path }?.reason ?? "kept")")
        }
        let info = try computeInfo(input: folder + "/in.csv", output: folder + "/info.csv", options: InfoOptions(workers: 2))
        #expect(info.rowsWritten == paths.count)
    }
}

/// SplitMix64 for the corrupted bytes.
struct SeededBytes {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func below(_ bound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int((z ^ (z >> 31)) % UInt64(max(1, bound)))
    }
}
