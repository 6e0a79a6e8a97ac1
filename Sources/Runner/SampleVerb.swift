import ArgumentParser
import CLISupport
import Foundation

/// `strata sample …` is carried out by `strata-train` (it runs the model, which links OpenBLAS and
/// FFmpeg); like `strata data`, this process is replaced by the sibling.
struct SampleVerb: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sample",
        abstract: "Generate a video from a prompt with a trained run (mp4 + PNG contact sheet).",
        discussion: "Run 'strata sample --help' for the options.\n\nExample:\n  strata sample outputs/demo/stage2-… --num-frames 9 \\\n    --prompt 'a red circle moves left over a blue background'"
    )

    @Argument(parsing: .captureForPassthrough, help: "The run directory or checkpoint, and the sampling options.")
    var arguments: [String] = []

    func run() throws {
        Self.handOver(arguments)
    }

    static func handOver(_ arguments: [String]) -> Never {
        let path = Sibling.path(Run.siblingName)
        guard FileManager.default.isExecutableFile(atPath: path) else {
            FileHandle.standardError.write(Data("error: sampling is done by '\(Run.siblingName)', which is not installed beside strata (expected \(path))\n".utf8))
            Foundation.exit(1)
        }
        Sibling.exec(path, arguments: ["sample"] + arguments)
    }
}
