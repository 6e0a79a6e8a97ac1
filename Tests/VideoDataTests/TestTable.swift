import DataTable
import Foundation
import Media
import MediaFixtures
import VideoData

/// A canonical table over the shared media corpus (made with the ffmpeg CLI by MediaFixtures), plus a
/// smooth 160x90 clip for pixel comparisons. Written once per test process.
struct TestTable: Sendable {
    let path: String
    let folder: String
    /// Row numbers by role.
    static let video25 = 0, portrait = 1, vp9NoMetadata = 2, image = 3, truncated = 4, zeroBytes = 5,
               mpeg4 = 6, withAudio = 7, html = 8, missing = 9, smooth = 10
    static let brokenRows: Set<Int> = [truncated, zeroBytes, html, missing]

    static let shared: Result<TestTable, TableSetupError> = {
        do { return .success(try make()) } catch { return .failure(TableSetupError(message: "\(error)")) }
    }()

    static func require() throws -> TestTable { try shared.get() }

    private static func make() throws -> TestTable {
        let corpus = try Corpus.require()
        let folder = corpus.folder + "/videodata"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Shell.run("ffmpeg", ["-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=160x90:rate=25", "-t", "1",
                                 "-vf", "gblur=sigma=3", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-g", "10",
                                 folder + "/smooth.mp4"])
        // (file relative to the table, fill metadata from a probe?)
        let files: [(String, Bool)] = [
            ("../h264_25.mp4", true), ("../portrait_30.mov", true), ("../vp9_60.webm", false), ("../still.png", true),
            ("../truncated_moov_at_end.mp4", false), ("../zero_bytes.mp4", false), ("../mpeg4_23976.mkv", true),
            ("../with_audio.mp4", true), ("../html_page.mp4", false), ("missing.mp4", false), ("smooth.mp4", true),
        ]
        let header = TableHeader(["path", "text", "num_frames", "height", "width", "aspect_ratio", "resolution", "fps"])
        var rows: [TableRow] = []
        for (index, (file, fill)) in files.enumerated() {
            var fields = [file, "caption \(index)", "", "", "", "", "", ""]
            if fill {
                let info = try probe(folder + "/" + file)
                fields[2] = String(info.frameCount)
                fields[3] = String(info.height)
                fields[4] = String(info.width)
                fields[5] = String(Double(info.height) / Double(info.width))
                fields[6] = String(info.height * info.width)
                fields[7] = info.fps.map { String(($0.value * 1000).rounded() / 1000) } ?? ""
            } else if file != "../vp9_60.webm" {
                // Plausible metadata for the broken files, so they fail where a real table's would: at decode.
                fields[2...7] = ["25", "64", "96", "0.6667", "6144", "25.0"]
            }
            rows.append(TableRow(fields: fields))
        }
        let path = folder + "/table.csv"
        try Table(header: header, rows: rows).write(to: path)
        return TestTable(path: path, folder: folder)
    }

    /// A dataset over the table whose failure reports land in `reports`.
    func dataset(_ options: VideoTextOptions = VideoTextOptions(), reports: Reports = Reports()) throws -> VideoTextDataset {
        try VideoTextDataset(tablePath: path, options: options, report: { reports.append($0) })
    }
}

struct TableSetupError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// Collects report lines from any thread.
final class Reports: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [String] = []
    func append(_ line: String) { lock.withLock { stored.append(line) } }
    var lines: [String] { lock.withLock { stored } }
}
