import ArgumentParser
import CLISupport
import DataPrep

struct DataConvert: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Turn caption JSON/JSONL, CogVideoX prompt.txt + videos.txt, or another CSV into the canonical table.",
        discussion: """
        INPUT is an MSR-VTT style .json/.jsonl ({"file", "captions": [...]} gives one row per caption), a CogVideoX \
        folder (prompt.txt + videos.txt) or prompt file with --videos, or a .csv with other column names.

        Example:
          strata data convert train_val_videodatainfo.json msrvtt.csv --data-root \\
            videos/
        """
    )

    @Argument(help: "The input file or CogVideoX folder.") var input: String
    @Argument(help: "The canonical CSV to write.") var output: String
    @OptionGroup var verbosity: OutputOptions
    @Option(help: "CogVideoX's videos.txt, when INPUT is its prompt.txt.") var videos: String?
    @Option(name: .customLong("data-root"), help: "Folder the input's video paths are relative to.") var dataRoot: String?
    @Option(name: .customLong("caption-column"), help: "Column or key holding the caption.") var captionColumn: String?
    @Option(name: .customLong("video-column"), help: "Column or key holding the video path.") var videoColumn: String?
    @Flag(name: .customLong("cogvideox-check"), help: "Report rows violating CogVideoX constraints (sizes divisible by 32, frames 4k or 4k+1).")
    var cogVideoXCheck = false

    func run() throws {
        let options = ConvertOptions(captionColumn: captionColumn, videoColumn: videoColumn, dataRoot: dataRoot, videosFile: videos)
        let summary = try runDataVerb(inputs: [input]) { try convertToCanonical(input: input, output: output, options: options) }
        print("\(summary.rowsWritten) rows (\(summary.format)) written to \(output)")
        if cogVideoXCheck {
            let violations = try runDataVerb(inputs: []) { try cogVideoXViolations(table: output) }
            print("CogVideoX check: \(violations.count) rows violate the constraints")
            printFailures(violations, verb: "convert")
        }
    }
}
