import ArgumentParser
import CLISupport
import Launch
import StageCommands

@main
struct Strata: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "strata",
        abstract: "Run staged video-diffusion experiments from layered configs.",
        subcommands: [Dump.self, Explain.self, Diff.self, RegistryCommand.self, PlanCommand.self, GraphCommand.self, Run.self, RunsCommand.self, LaunchCommand.self, SampleVerb.self, DataVerbs.self]
    )

    static func main() {
        // `strata data …` runs in the sibling executable that links FFmpeg (see DataVerbs).
        let arguments = Array(CommandLine.arguments.dropFirst())
        if arguments.first == "data" { DataVerbs.handOver(Array(arguments.dropFirst())) }
        if arguments.first == "sample" { SampleVerb.handOver(Array(arguments.dropFirst())) }
        EntryPoint.run(Strata.self, arguments: arguments)
    }
}
