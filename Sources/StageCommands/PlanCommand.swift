import ArgumentParser
import CLISupport
import Stages

public struct PlanCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Show what `run` would do, without running anything.",
        discussion: """
            Resolves the chain that ends at STAGE (each stage's init_from, up to a root), checks \
            every config against the registry and every edge's weight-shaping values, and shows \
            for each stage: done (a completed run with the same fingerprint is reused), stale \
            (with the reasons: the values that changed, where they were set) or missing; the \
            run directory; the weights it starts from; and each override with old → new.

            Examples:
              strata plan stage2 -e demo
              strata plan stage2 -e demo stage1:optim.lr=1e-4 --epochs 2
            """)

    @OptionGroup public var arguments: StageArguments

    public init() {}

    public func run() throws {
        print(PlanRendering.text(try arguments.plan()), terminator: "")
    }
}

public struct GraphCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "graph",
        abstract: "Draw the stage graph of an experiment with each stage's status.",
        discussion: """
            Examples:
              strata graph -e demo
              strata graph -e demo --format dot | dot -Tsvg > stages.svg
            """)

    public enum Format: String, ExpressibleByArgument, CaseIterable { case text, dot }

    @Option(name: [.short, .customLong("experiment")], help: "An experiment file, or NAME for experiments/NAME.yaml (default: every config in configs/train).")
    public var experiment: String?

    @OptionGroup public var output: OutputOptions

    @Option(help: "text or dot (Graphviz).")
    public var format: Format = .text

    public init() {}

    public func run() throws {
        let rendering = try reportingSchemaErrors {
            let experiment = try StageArguments.experiment(experiment)
            let planner = Planner(experiment: experiment, overrides: StageOverrides(target: ""))
            return GraphRendering(experiment: experiment, stages: try planner.planEveryStage())
        }
        print(format == .dot ? rendering.dot() : rendering.text(), terminator: "")
    }
}

public struct RegistryCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "registry",
        abstract: "Print the registered types and their parameter schemas.",
        discussion: """
            Categories: stage (a stage config's top level), dataset, bucket, model, optimizer, \
            lr_scheduler, ae, text_encoder. Roles: [weights] shapes the weights (must agree along \
            a stage edge), no mark: changes the result (fingerprinted), [operational] and \
            [ignored] do not count in fingerprints.

            Examples:
              strata registry
              strata registry model dit
              strata registry optimizer HybridAdam --format json
            """)

    public enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @Argument(help: "A category (or 'stage').")
    public var category: String?

    @Argument(help: "A type name or alias within the category.")
    public var type: String?

    @Option(help: "text or json.")
    public var format: Format = .text

    @OptionGroup public var output: OutputOptions

    public init() {}

    public func run() throws {
        let schemas = try RegistryRendering.select(.standard, category: category, type: type)
        print(format == .json ? try RegistryRendering.json(schemas) : RegistryRendering.text(schemas), terminator: "")
    }
}
