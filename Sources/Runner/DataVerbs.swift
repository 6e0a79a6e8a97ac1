import ArgumentParser
import CLISupport
import Foundation

/// `strata data …` is carried out by `strata-data`, installed beside `strata`.
///
/// Why a second executable: linking FFmpeg (and the ~140 codec libraries it pulls in) costs about
/// 30 ms at every process start, which would make every config verb (dump, diff, explain — run
/// by the hundred from scripts) several times slower. The config verbs stay in a light binary; the
/// data verbs replace this process with the sibling (exec), so exit codes, signals, progress bars
/// and standard streams are exactly the sibling's.
struct DataVerbs: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "data",
        abstract: "Prepare a video dataset table: metadata, filters, decode checks, conversion, shards.",
        discussion: "Run 'strata data --help' for the verbs.\n\nExample:\n  strata data info videos.csv info.csv --workers 8"
    )

    @Argument(parsing: .captureForPassthrough, help: "The data verb and its arguments.")
    var arguments: [String] = []

    func run() throws {
        Self.handOver(arguments)
    }

    static let siblingName = "strata-data"

    static func handOver(_ arguments: [String]) -> Never {
        let path = Sibling.path(siblingName)
        guard FileManager.default.isExecutableFile(atPath: path) else {
            FileHandle.standardError.write(Data("error: the data verbs live in '\(siblingName)', which is not installed beside strata (expected \(path)); build it with 'swift build' (make builds both)\n".utf8))
            Foundation.exit(1)
        }
        Sibling.exec(path, arguments: arguments)
    }
}
