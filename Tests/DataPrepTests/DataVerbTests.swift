import DataPrep
import DataTable
import Foundation
import Media
import MediaFixtures
import Testing

/// A fresh folder with an input table listing the whole corpus (good, broken, a missing file and a
/// row without a path), with paths relative to the table.
struct Workspace {
    let folder: String
    let corpus: Corpus

    init() throws {
        corpus = try Corpus.require()
        folder = NSTemporaryDirectory() + "strata-data-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: folder + "/media", withDestinationPath: corpus.folder)
        var rows = (corpus.good + corpus.broken).map { TableRow(fields: ["media/\($0)", "a caption, \"quoted\""]) }
        rows.append(TableRow(fields: ["media/missing.mp4", ""]))
        rows.append(TableRow(fields: ["", "no path"]))
        try Table(header: TableHeader(["path", "text"]), rows: rows).write(to: path("in.csv"))
    }

    func path(_ name: String) -> String { folder + "/" + name }

    var brokenPaths: Set<String> { Set(corpus.broken.map { "media/\($0)" } + ["media/missing.mp4", ""]) }
    var goodPaths: Set<String> { Set(corpus.good.map { "media/\($0)" }) }
}

@Suite("data verbs on generated files")
struct DataVerbTests {
    @Test func infoFillsEveryGoodRowAndKeepsBrokenOnesWithAReason() throws {
        let work = try Workspace()
        let summary = try computeInfo(input: work.path("in.csv"), output: work.path("info.csv"), options: InfoOptions(workers: 2))
        let table = try Table.read(work.path("info.csv"))
        #expect(summary.rowsRead == work.goodPaths.count + work.brokenPaths.count)
        #expect(table.rows.count == summary.rowsRead)
        #expect(table.header.names == ["path", "text", "num_frames", "height", "width", "aspect_ratio", "resolution", "fps", "file_size", "error"])
        let h = table.header
        for row in table.rows {
            let path = row[h.index(of: "path")]
            if work.goodPaths.contains(path) {
                #expect(row[h.index(of: "error")] == "", "\(path)")
                let info = try probe(work.path(path))
                #expect(row[h.index(of: "num_frames")] == String(info.frameCount))
                #expect(row[h.index(of: "height")] == String(info.height))
                #expect(row[h.index(of: "resolution")] == String(info.height * info.width))
                #expect(row[h.index(of: "fps")] == (info.isImage ? "" : row[h.index(of: "fps")]))
            }
        }
        // Only files that cannot be opened fail here; decode damage is `data check`'s job.
        let failed = Set(summary.failures.map(\.path))
        #expect(failed.isSubset(of: work.brokenPaths))
        #expect(failed.isSuperset(of: ["media/zero_bytes.mp4", "media/random_bytes.mp4", "media/audio_only.mp4", "media/missing.mp4", ""]))
        let h264 = try #require(table.rows.first { $0[h.index(of: "path")] == "media/h264_25.mp4" })
        let size = try probe(work.path("media/h264_25.mp4")).fileSize
        #expect(Array(h264.fields[2...8]) == ["25", "64", "96", "0.6666666666666666", "6144", "25.0", String(size)])
        let ntsc = try #require(table.rows.first { $0[h.index(of: "path")] == "media/mpeg4_23976.mkv" })
        #expect(ntsc[h.index(of: "fps")] == "23.976")
    }

    @Test func infoRemovesEmptyCaptionsAndCountsThem() throws {
        let work = try Workspace()
        let summary = try computeInfo(input: work.path("in.csv"), output: work.path("info.csv"),
                                      options: InfoOptions(workers: 1, exactFrameCount: true, removeEmptyCaption: true))
        #expect(summary.removedEmptyCaption == 1)
        #expect(summary.rowsWritten == summary.rowsRead - 1)
    }

    @Test func infoWithoutAPathColumnIsAUsageError() throws {
        let work = try Workspace()
        try Table(header: TableHeader(["video"]), rows: []).write(to: work.path("bad.csv"))
        let error = try #require(throws: DataPrepError.self) { try computeInfo(input: work.path("bad.csv"), output: work.path("o.csv")) }
        #expect(error.kind == .usage)
        #expect(error.message.contains("bad.csv") && error.message.contains("'path'"))
    }

    @Test func checkKeepsExactlyTheGoodFilesAndReportsTheRest() throws {
        let work = try Workspace()
        let summary = try checkTable(input: work.path("in.csv"), output: work.path("clean.csv"), report: work.path("broken.jsonl"),
                                     options: CheckOptions(workers: 2, timeLimit: 60))
        let kept = Set(try Table.read(work.path("clean.csv")).column("path") ?? [])
        #expect(kept == work.goodPaths)
        let report = try String(contentsOfFile: work.path("broken.jsonl"), encoding: .utf8).split(separator: "\n")
        let reported = try report.map { line -> String in
            let object = try #require(try JSONSerialization.jsonObject(with: Foundation.Data(line.utf8)) as? [String: Any])
            #expect(!((object["error"] as? String) ?? "").isEmpty)
            #expect(object["frames_decoded"] is Int)
            return object["path"] as? String ?? "?"
        }
        #expect(Set(reported) == work.brokenPaths)
        #expect(summary.rowsClean == work.goodPaths.count)
    }

    @Test func shardedChecksMergeIntoTheUnshardedResult() throws {
        let work = try Workspace()
        _ = try checkTable(input: work.path("in.csv"), output: work.path("all.csv"), report: work.path("all.jsonl"),
                           options: CheckOptions(workers: 2))
        var parts: [String] = []
        for index in 1...3 {
            let part = work.path("part-\(index).csv")
            _ = try checkTable(input: work.path("in.csv"), output: part, report: work.path("part-\(index).jsonl"),
                               options: CheckOptions(workers: 1, shard: ShardSpec(parsing: "\(index)/3")))
            parts.append(part)
        }
        let merged = try mergeShards(inputs: parts.reversed(), output: work.path("merged.csv"))
        #expect(merged.rowsWritten == work.goodPaths.count)
        #expect(try Data(contentsOf: URL(fileURLWithPath: work.path("merged.csv"))) == Data(contentsOf: URL(fileURLWithPath: work.path("all.csv"))))
        #expect(ShardSpec(parsing: "0/3") == nil && ShardSpec(parsing: "4/3") == nil && ShardSpec(parsing: "x") == nil)
    }

    /// Failing rows (their `error` cells too) and removed empty captions included: the merged
    /// shards are the unsharded table byte for byte.
    @Test func shardedInfoMergesIntoTheUnshardedResult() throws {
        let work = try Workspace()
        for removeEmptyCaption in [false, true] {
            let all = work.path("info-all-\(removeEmptyCaption).csv")
            let whole = try computeInfo(input: work.path("in.csv"), output: all,
                                        options: InfoOptions(workers: 2, removeEmptyCaption: removeEmptyCaption))
            var parts: [String] = []
            var rowsRead = 0
            for index in 1...4 {
                let part = work.path("info-part-\(index)-\(removeEmptyCaption).csv")
                let summary = try computeInfo(input: work.path("in.csv"), output: part,
                                              options: InfoOptions(workers: 1, removeEmptyCaption: removeEmptyCaption,
                                                                   shard: ShardSpec(parsing: "\(index)/4")))
                rowsRead += summary.rowsRead
                #expect(try Table.read(part).header.names.last == "source_row")
                parts.append(part)
            }
            #expect(rowsRead == whole.rowsRead)
            let merged = work.path("info-merged-\(removeEmptyCaption).csv")
            let summary = try mergeShards(inputs: parts.shuffled(), output: merged)
            #expect(summary.rowsWritten == whole.rowsWritten)
            #expect(try Table.read(merged).rows.count > 4)
            #expect(try Data(contentsOf: URL(fileURLWithPath: merged)) == Data(contentsOf: URL(fileURLWithPath: all)), "remove-empty-caption \(removeEmptyCaption)")
        }
    }

    @Test func filterCountsWhatEachRuleRemoves() throws {
        let work = try Workspace()
        _ = try computeInfo(input: work.path("in.csv"), output: work.path("info.csv"), options: InfoOptions(workers: 2))
        let summary = try filterTable(input: work.path("info.csv"), output: work.path("kept.csv"),
                                      rules: [.dropErrors, .minFrames(2), .fpsRange(NumericRange(lower: 24, upper: 30)),
                                              .aspectRange(NumericRange(parsing: ":1")!), .minResolution(5000), .maxSizeMB(10)])
        let kept = try Table.read(work.path("kept.csv"))
        var removed: [String: Int] = [:]
        for (rule, rows) in summary.removed { removed[rule] = rows }
        let removedTotal = summary.removed.map(\.rows).reduce(0, +)
        #expect(summary.rowsWritten == kept.rows.count)
        #expect(summary.rowsRead == summary.rowsWritten + removedTotal)
        #expect(removed["--min-frames 2"] == 4) // the four images
        let h = kept.header
        for row in kept.rows {
            #expect(row[h.index(of: "error")] == "")
            #expect(Int(row[h.index(of: "num_frames")])! >= 2)
            #expect((24...30).contains(Double(row[h.index(of: "fps")])!))
            #expect(Double(row[h.index(of: "aspect_ratio")])! <= 1)
            #expect(Int(row[h.index(of: "resolution")])! >= 5000)
        }
        #expect(Set(kept.column("path")!) == ["media/h264_25.mp4", "media/h264_2997_faststart.mp4", "media/with_audio.mp4",
                                               "media/mp4_named.mkv", "media/rotated_90.mp4", "media/corrupted_middle.mp4",
                                               "media/truncated_faststart.mp4"])
        #expect(throws: DataPrepError.self) { try filterTable(input: work.path("in.csv"), output: work.path("x.csv"), rules: [.minFrames(1)]) }
        #expect(NumericRange(parsing: "3:1") == nil && NumericRange(parsing: ":") == nil && NumericRange(parsing: "a:1") == nil)
    }

    @Test func convertReadsCaptionJSONCogVideoXAndRenamedColumns() throws {
        let work = try Workspace()
        try #"[{"file": "media/h264_25.mp4", "captions": ["one", "two, with comma"]}, {"file": "media/vp9_60.webm", "captions": ["three"]}]"#
            .write(toFile: work.path("captions.json"), atomically: true, encoding: .utf8)
        let json = try convertToCanonical(input: work.path("captions.json"), output: work.path("a.csv"))
        #expect(json.rowsWritten == 3)
        #expect(try Table.read(work.path("a.csv")).rows.map(\.fields) ==
                [["media/h264_25.mp4", "one"], ["media/h264_25.mp4", "two, with comma"], ["media/vp9_60.webm", "three"]])

        try "{\"video\": \"media/h264_25.mp4\", \"caption\": \"x\"}\n\n{\"video\": \"media/odd_444.mkv\", \"caption\": \"y\"}\n"
            .write(toFile: work.path("captions.jsonl"), atomically: true, encoding: .utf8)
        #expect(try convertToCanonical(input: work.path("captions.jsonl"), output: work.path("b.csv"),
                                       options: ConvertOptions(captionColumn: "caption", videoColumn: "video")).rowsWritten == 2)

        try FileManager.default.createDirectory(atPath: work.path("cog"), withIntermediateDirectories: true)
        try "first prompt\nsecond prompt\n".write(toFile: work.path("cog/prompt.txt"), atomically: true, encoding: .utf8)
        try "../media/h264_25.mp4\n../media/vp9_60.webm\n".write(toFile: work.path("cog/videos.txt"), atomically: true, encoding: .utf8)
        _ = try convertToCanonical(input: work.path("cog"), output: work.path("cog/c.csv"))
        let cog = try Table.read(work.path("cog/c.csv"))
        #expect(cog.rows.map(\.fields) == [["../media/h264_25.mp4", "first prompt"], ["../media/vp9_60.webm", "second prompt"]])
        let violations = try cogVideoXViolations(table: work.path("cog/c.csv"))
        // 96x64 with 25 frames (4·6+1) passes; 64x48 with 30 frames (4·7+2) fails twice.
        #expect(violations.count == 1)
        #expect(violations.first?.reason.contains("height 48 is not divisible by 32") == true)
        #expect(violations.first?.reason.contains("30 frames") == true)
        #expect(violations.first?.reason.contains("width") == false)

        try "clip,caption,score\nmedia/h264_25.mp4,hello,0.5\n".write(toFile: work.path("other.csv"), atomically: true, encoding: .utf8)
        _ = try convertToCanonical(input: work.path("other.csv"), output: work.path("d.csv"),
                                   options: ConvertOptions(captionColumn: "caption", videoColumn: "clip"))
        let renamed = try Table.read(work.path("d.csv"))
        #expect(renamed.header.names == ["path", "text", "score"])
        #expect(renamed.rows[0].fields == ["media/h264_25.mp4", "hello", "0.5"])

        try "a\nb\n".write(toFile: work.path("p.txt"), atomically: true, encoding: .utf8)
        try "x.mp4\n".write(toFile: work.path("v.txt"), atomically: true, encoding: .utf8)
        let mismatch = try #require(throws: DataPrepError.self) {
            try convertToCanonical(input: work.path("p.txt"), output: work.path("e.csv"), options: ConvertOptions(videosFile: work.path("v.txt")))
        }
        #expect(mismatch.kind == .usage)
    }

    @Test func shardsReadBackRowByRow() throws {
        let work = try Workspace()
        let all = try Table.read(work.path("in.csv"))
        let summary = try shardTable(input: work.path("in.csv"), size: .shards(4))
        #expect(summary.files == ["00001.csv", "00002.csv", "00003.csv", "00004.csv"])
        let bySize = try shardTable(input: work.path("in.csv"), size: .rows(10), folder: work.path("tens"))
        #expect(bySize.files.count == (all.rows.count + 9) / 10)
        let sharded = try ShardedTable(folder: summary.folder)
        #expect(sharded.count == all.rows.count)
        for index in [0, 7, all.rows.count - 1, 3] {
            #expect(try sharded.row(index).fields == all.rows[index].fields)
        }
        #expect(throws: TableError.self) { try sharded.row(all.rows.count) }
    }

    @Test func progressWritesPlainLinesWhenNotATerminal() {
        let lines = LineBox()
        let progress = ProgressReporter(label: "info", total: 3, interactive: false, write: { lines.append($0) })
        progress.advance()
        progress.advance(failed: 1)
        progress.advance()
        progress.finish()
        #expect(lines.all.first?.hasPrefix("info: 1/3") == true)
        #expect(lines.all.last?.hasPrefix("info: 3/3 (1 failed)") == true)
        #expect(lines.all.allSatisfy { !$0.contains("\r") && $0.hasSuffix("\n") })
    }
}

final class LineBox: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    func append(_ line: String) { lock.withLock { lines.append(line) } }
    var all: [String] { lock.withLock { lines } }
}
