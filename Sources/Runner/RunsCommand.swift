import ArgumentParser
import CLISupport
import Foundation
import RunsTable

/// `strata runs`: the runs of every experiment (or of some) at a glance, read from the run
/// directories (`RunsCatalog`), and `show` / `compare` for one or two of them.
struct RunsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runs",
        abstract: "List the runs of every experiment: stage, status, steps, losses, settings.",
        discussion: """
            One row per run directory under OUTPUTS/<experiment>/, newest first. Status is \
            running, completed or failed as run.yaml records it, or stale: a completed run whose \
            stage has a newer completed run in its experiment, or whose upstream run is no longer \
            the newest of its stage. --param adds a column per config value, --where filters \
            (KEY OP VALUE; KEY a column or a config key; OP <, <=, >, >=, ==, !=).

            Examples:
              strata runs
              strata runs demo --param optim.lr --param model.depth
              strata runs --where 'optim.lr<1e-3' --status completed --format csv
              strata runs show outputs/demo/stage1-7d6bd7e61f92
              strata runs compare demo/stage1-7d6bd7e61f92 demo/stage1-0b3e52a1f0c4
            """,
        subcommands: [List.self, Show.self, Compare.self],
        defaultSubcommand: List.self
    )

    struct Location: ParsableArguments {
        @OptionGroup var output: OutputOptions

        @Option(help: "The outputs folder holding <experiment>/<run directory>.")
        var outputs = "outputs"
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "The runs table (the default).")

        @Argument(help: "Experiments to list (all when none).")
        var experiments: [String] = []

        @OptionGroup var location: Location

        @Option(name: .customLong("param"), help: "A config key to show as a column (repeatable).")
        var params: [String] = []

        @Option(name: .customLong("where"), help: "Keep runs where KEY OP VALUE holds (repeatable; all must hold).")
        var filters: [String] = []

        @Option(help: "Keep runs with this status: running, completed, failed, interrupted, killed or stale (repeatable).")
        var status: [String] = []

        @Option(help: "table, json or csv.")
        var format: String = "table"

        @Flag(help: "Read every run directory, ignoring (and not updating) the index.")
        var noIndex = false

        func run() throws {
            guard let format = RunsRendering.Format(rawValue: format) else {
                throw CommandFailure.usage("--format \(format): expected table, json or csv")
            }
            let known = ["running", "completed", "failed", "interrupted", "killed", "stale"]
            if let bad = status.first(where: { !known.contains($0) }) {
                throw CommandFailure.usage("--status \(bad): expected one of \(known.joined(separator: ", "))")
            }
            let filters: [RunFilter]
            do {
                filters = try self.filters.map(RunFilter.init)
            } catch {
                throw CommandFailure.usage("\(error)")
            }
            let catalog: RunsCatalog
            do {
                catalog = try RunsCatalog.load(outputs: location.outputs, experiments: experiments, useIndex: !noIndex)
            } catch let error as RunsError {
                throw CommandFailure.usage(error.description)
            }
            for skipped in catalog.skipped {
                FileHandle.standardError.write(Data("strata: skipped \(skipped.directory): \(skipped.reason)\n".utf8))
            }
            let runs = catalog.runs.filter { run in
                (status.isEmpty || status.contains(run.status)) && filters.allSatisfy { $0.matches(run) }
            }
            FileHandle.standardOutput.write(Data(RunsRendering.render(runs, params: params, format: format).utf8))
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "One run: its record, losses, checkpoints, samples and TensorBoard files.",
            discussion: "RUN is a run directory, EXPERIMENT/RUN under the outputs folder, or a unique fingerprint prefix.")

        @Argument(help: "The run.")
        var name: String

        @OptionGroup var location: Location

        func run() throws {
            let directory = try RunsCommand.locate(name, outputs: location.outputs)
            do {
                print(try RunDetail.show(directory), terminator: "")
            } catch {
                throw CommandFailure.runtime("\(error)")
            }
        }
    }

    struct Compare: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Two runs side by side: their summaries, then how their configs differ.")

        @Argument(help: "The first run.")
        var first: String

        @Argument(help: "The second run.")
        var second: String

        @OptionGroup var location: Location

        func run() throws {
            let a = try RunsCommand.locate(first, outputs: location.outputs)
            let b = try RunsCommand.locate(second, outputs: location.outputs)
            do {
                print(try RunDetail.compare(a, b), terminator: "")
            } catch {
                throw CommandFailure.runtime("\(error)")
            }
        }
    }

    static func locate(_ name: String, outputs: String) throws -> String {
        do {
            return try RunDetail.locate(name, outputs: outputs)
        } catch let error as RunsError {
            throw CommandFailure.usage(error.description)
        }
    }
}
