import DataTable
import Foundation
import Testing

@Suite("CSV tables")
struct CSVTortureTests {
    /// Written the canonical way (minimal quoting, LF between records), so reading and writing it
    /// back must give the same bytes.
    static let torture = #"""
    path,text,num_frames,note
    a.mp4,plain caption,10,
    "b,c.mp4","a caption, with commas",,
    clips/ü.mkv,"She said ""hi"" then left",3,"multi
    line
    caption"
    /abs/d e.mp4,"日本語のキャプション 🎬, 絵文字",,trailing space 
    e.mp4,"quote at end""",1,"crlf inside<CRLF>quotes"
    ,,,
    f.webm,"""fully quoted""",2,x

    """#.replacingOccurrences(of: "<CRLF>", with: "\r\n")

    func temporaryFile(_ name: String, _ contents: String) throws -> String {
        let folder = NSTemporaryDirectory() + "strata-table-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = folder + "/" + name
        try Data(contents.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func tortureTableRoundTripsByteForByte() throws {
        let input = try temporaryFile("in.csv", Self.torture)
        let table = try Table.read(input)
        let output = parentFolder(of: input) + "/out.csv"
        try table.write(to: output)
        #expect(try Data(contentsOf: URL(fileURLWithPath: output)) == Data(Self.torture.utf8))
    }

    @Test func tortureFieldsAreReadExactly() throws {
        let table = try Table.read(try temporaryFile("in.csv", Self.torture))
        #expect(table.header.names == ["path", "text", "num_frames", "note"])
        #expect(table.rows.count == 7)
        #expect(table.rows[1].fields == ["b,c.mp4", "a caption, with commas", "", ""])
        #expect(table.rows[2].fields[1] == "She said \"hi\" then left")
        #expect(table.rows[2].fields[3] == "multi\nline\ncaption")
        #expect(table.rows[3].fields[1] == "日本語のキャプション 🎬, 絵文字")
        #expect(table.rows[3].fields[3] == "trailing space ")
        #expect(table.rows[4].fields[3] == "crlf inside\r\nquotes")
        #expect(table.rows[5].fields == ["", "", "", ""])
        #expect(table.rows[6].fields[1] == "\"fully quoted\"")
        #expect(table.rows[3].line == 7)
    }

    @Test func blockBoundariesDoNotMatter() throws {
        let path = try temporaryFile("in.csv", Self.torture)
        let whole = try Table.read(path).rows.map(\.fields)
        for blockSize in [16, 17, 31] {
            let reader = try CSVReader(path: path, blockSize: blockSize)
            var records: [[String]] = []
            while let record = try reader.next() { records.append(record) }
            #expect(Array(records.dropFirst()) == whole, "block size \(blockSize)")
        }
    }

    @Test func crlfRecordsAndByteOrderMarkAreAccepted() throws {
        let table = try Table.read(try temporaryFile("in.csv", "\u{FEFF}path,text\r\na.mp4,hello\r\nb.mp4,\"x\r\ny\"\r\n"))
        #expect(table.header.names == ["path", "text"])
        #expect(table.rows.map(\.fields) == [["a.mp4", "hello"], ["b.mp4", "x\r\ny"]])
    }

    @Test func shortRowsArePaddedAndLongRowsNameTheirLine() throws {
        let short = try Table.read(try temporaryFile("in.csv", "path,text,fps\na.mp4\nb.mp4,\"\",x\n"))
        #expect(short.rows[0].fields == ["a.mp4", "", ""])
        #expect(short.rows[1].fields == ["b.mp4", "", "x"])
        let path = try temporaryFile("bad.csv", "path,text\na.mp4,x\nb.mp4,y,z\n")
        let error = try #require(throws: TableError.self) { try Table.read(path) }
        #expect(error.line == 3)
        #expect(error.description.contains("bad.csv:3"))
    }

    @Test func unclosedQuoteIsAnErrorAtItsLine() throws {
        let path = try temporaryFile("bad.csv", "path,text\na.mp4,\"never closed\nmore\n")
        let error = try #require(throws: TableError.self) { try Table.read(path) }
        #expect(error.line == 2)
    }

    @Test func emptyAndMissingFilesAreErrors() throws {
        #expect(throws: TableError.self) { try Table.read(try temporaryFile("empty.csv", "")) }
        #expect(throws: TableError.self) { try Table.read("/nonexistent/strata/table.csv") }
    }

    @Test func writerLeavesNothingBehindWithoutCommit() throws {
        let folder = parentFolder(of: try temporaryFile("x.csv", ""))
        do {
            let writer = try CSVWriter(path: folder + "/never.csv")
            try writer.write(["a"])
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["x.csv"])
    }

    @Test func relativePathsJoinTheTableFolder() {
        #expect(resolvePath("clips/a.mp4", relativeTo: "/data/set") == "/data/set/clips/a.mp4")
        #expect(resolvePath("/abs/a.mp4", relativeTo: "/data/set") == "/abs/a.mp4")
        #expect(resolvePath("a.mp4", relativeTo: ".") == "a.mp4")
        #expect(parentFolder(of: "t.csv") == ".")
        #expect(parentFolder(of: "/t.csv") == "/")
    }
}
