import ArgumentParser
import CLISupport
import Launch
import StageCommands

@main
struct Strata: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "strata",
        abstract: "Run staged video-diffusion experiments from layered configs.",
        version: BuildInfo.versionLine,
        subcommands: [Dump.self, Explain.self, Diff.self, RegistryCommand.self, PlanCommand.self, GraphCommand.self, Run.self, RunsCommand.self, LaunchCommand.self, SampleVerb.self, DataVerbs.self]
    )

    static func main() {
        // `strata data …` runs in the sibling executable that links FFmpeg (see DataVerbs).
        let arguments = Array(CommandLine.arguments.dropFirst())
        if arguments.first == "data" { DataVerbs.handOver(Array(arguments.dropFirst())) }
        if arguments.first == "sample" { SampleVerb.handOver(Array(arguments.dropFirst())) }
        // `strata help data info`, `strata help sample`: the real help lives in the sibling.
        if arguments.first == "help", arguments.count > 1 {
            if arguments[1] == "data" { DataVerbs.handOver(["help"] + arguments.dropFirst(2)) }
            if arguments[1] == "sample" { SampleVerb.handOver(["--help"]) }
        }
        EntryPoint.run(Strata.self, arguments: arguments)
    }
}
