import ArgumentParser
import CLISupport
import StageCommands
import Training

/// `strata-train`: the executable that links the training engine (OpenBLAS, FFmpeg). `strata run`
/// and `strata sample` plan and check in the light `strata` binary and hand their arguments here.
@main
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "strata-train",
        abstract: "The training engine behind `strata run` and `strata sample`.",
        subcommands: [TrainRun.self, SampleCommand.self]
    )

    static func main() {
        EntryPoint.run(TrainCommand.self)
    }
}

struct TrainRun: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Plan a stage's chain and train every stage that is not done.",
        discussion: "Example: strata run stage2 -e demo '*:dataset.data_path=outputs/demo-data/meta.csv'"
    )

    @OptionGroup var options: RunOptions

    func run() throws {
        try options.execute(trainer: DitTrainer())
    }
}
