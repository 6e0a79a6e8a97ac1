import ArgumentParser

@main
struct Strata: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "strata",
        abstract: "Run staged video-diffusion experiments from layered configs.",
        subcommands: [Dump.self]
    )
}
