import ArgumentParser
import CLISupport
import ConfigLang
import Foundation
import Stages

/// The arguments of `plan` and `run`: the target stage, the experiment and the overrides.
public struct StageArguments: ParsableArguments {
    @Argument(help: "The stage to plan or run; its upstream stages come along.")
    public var stage: String

    @Option(name: [.short, .customLong("experiment")], help: "An experiment file, or NAME for experiments/NAME.yaml (default: every config in configs/train).")
    public var experiment: String?

    @Argument(
        parsing: .allUnrecognized,
        help: ArgumentHelp(
            "Overrides: key=value or --key value for the target stage; STAGE:key=value for another stage of the chain; '*:key=value' for all.",
            valueName: "override"))
    public var overrides: [String] = []

    public init() {}

    /// The plan, or the schema, graph and contract errors that stop it.
    public func plan() throws -> Plan {
        try reportingSchemaErrors {
            let experiment = try StageArguments.experiment(experiment)
            let parsed = try StageOverrides.parse(ConfigSource.commandLinePositions(of: overrides), target: stage)
            let planner = Planner(experiment: experiment, overrides: parsed)
            return try planner.plan(stage)
        }
    }

    static func experiment(_ argument: String?) throws -> Experiment {
        guard let argument else { return .shipped() }
        let path = Experiment.locate(argument)
        guard FileManager.default.fileExists(atPath: path) else {
            throw CommandFailure.usage("experiment '\(argument)' not found: neither a file nor experiments/\(argument).yaml")
        }
        return try Experiment.load(path)
    }
}

/// Several schema errors at once: each rendered (with its source line) on standard error, then
/// exit 2, as one ConfigError would.
func reportingSchemaErrors<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let errors as SchemaErrors {
        for error in errors.errors.dropLast() {
            FileHandle.standardError.write(Data((error.rendered(quotingSource: true) + "\n").utf8))
        }
        throw errors.errors.last ?? ConfigError(.schema, "invalid config")
    }
}
