import ArgumentParser
import CLISupport
import DataPrep

struct DataDemo: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Generate the built-in demo dataset: captioned videos and images of coloured shapes, and its meta.csv.",
        discussion: """
        Draws circles, squares, triangles and diamonds of named colours on coloured backgrounds, moving or still, \
        in landscape, portrait and square frames of 64 to 128 pixels at 24, 25 and 30 fps for 1 to 3 s; each caption \
        says what is drawn ("a red circle moves left over a blue background"). Writes OUT_DIR/videos, OUT_DIR/images \
        and OUT_DIR/meta.csv (made by the 'data info' job). The same seed gives the same files.

        Example:
          strata data demo demo_data --videos 48 --images 24 --seed 0
        """
    )

    @Argument(help: "The folder to write the dataset in (created if missing).") var outputDir: String
    @OptionGroup var verbosity: OutputOptions
    @Option(help: "Number of videos.") var videos: Int = 48
    @Option(help: "Number of images.") var images: Int = 24
    @Option(help: "Seed of the generator: the same seed gives the same dataset.") var seed: UInt64 = 0
    @Option(help: "Worker threads (default: the number of cores).") var workers: Int?

    func run() throws {
        for (flag, value) in [("--videos", videos), ("--images", images)] where value < 0 {
            throw CommandFailure.usage("\(flag) must be 0 or more, got \(value)")
        }
        guard videos + images > 0 else { throw CommandFailure.usage("--videos and --images are both 0; nothing to generate") }
        let options = DemoOptions(videos: videos, images: images, seed: seed, workers: try workerCount(workers))
        let summary = try runDataVerb(inputs: []) {
            try generateDemoDataset(folder: outputDir, options: options) { label, total in
                ProgressReporter(label: label, total: total)
            }
        }
        let count = { (number: Int, noun: String) in "\(number) \(noun)\(number == 1 ? "" : "s")" }
        print("\(count(videos, "video")) (\(count(summary.videoFrames, "frame"))) and \(count(images, "image")) written to \(outputDir); table \(summary.table)")
    }
}
