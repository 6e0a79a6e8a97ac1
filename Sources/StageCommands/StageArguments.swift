import ArgumentParser
import CLISupport
import ConfigLang
import Foundation
import Stages

/// The arguments of `plan` and `run`: the target stage, the experiment and the overrides.
public struct StageArguments: ParsableArguments {
    @Argument(help: "The stage to plan or run, or its config file (an Open-Sora config such as configs/diffusion/train/stage2.py); its upstream stages come along.")
    public var stage: String

    @Option(name: [.short, .customLong("experiment")], help: "An experiment file, or NAME for experiments/NAME.yaml (default: every config in configs/train, or in the folder of the config file given as the stage).")
    public var experiment: String?

    @Argument(
        parsing: .allUnrecognized,
        help: ArgumentHelp(
            "Overrides: key=value or --key value for the target stage; STAGE:key=value for another stage of the chain; '*:key=value' for all.",
            valueName: "override"))
    public var overrides: [String] = []

    @OptionGroup public var output: OutputOptions

    public init() {}

    /// The plan, or the schema, graph and contract errors that stop it.
    public func plan() throws -> Plan {
        try reportingSchemaErrors {
            let (experiment, target) = try self.target()
            // Without an experiment file the command line is the experiment: its overrides go on
            // every stage of the chain, as a shared overlay would (Open-Sora's command lines name
            // the data once for the run).
            let shared = experiment.file == nil && Self.isConfigPath(stage)
            let parsed = try StageOverrides.parse(ConfigSource.commandLinePositions(of: overrides), target: target,
                                                  unprefixed: shared ? StageOverrides.everyStage : nil)
            let planner = Planner(experiment: experiment, overrides: parsed)
            return try planner.plan(target)
        }
    }

    /// The experiment and the target stage's name. A config file given as the stage is the stage
    /// of the experiment (`-e`) that uses it, or, without `-e`, a stage of the experiment made of
    /// every config of its kind in its folder (Open-Sora's `configs/diffusion/train`, say), whose overrides
    /// apply to every stage of the chain.
    public func target() throws -> (experiment: Experiment, stage: String) {
        guard Self.isConfigPath(stage) else { return (try Self.experiment(experiment), stage) }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: stage, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw CommandFailure.usage("stage '\(stage)': the config file does not exist (give a stage name, or the path of a stage config)")
        }
        guard let experiment else {
            let folder = Experiment.folder((stage as NSString).deletingLastPathComponent, fileExtension: (stage as NSString).pathExtension)
            return (folder, ((stage as NSString).lastPathComponent as NSString).deletingPathExtension)
        }
        let chosen = try Self.experiment(experiment)
        guard let named = chosen.stage(configFile: stage) else {
            let files = chosen.stages.map { "\($0.name) (\($0.configFile))" }.joined(separator: ", ")
            throw CommandFailure.usage("stage '\(stage)': experiment '\(chosen.name)' has no stage with this config file (its stages: \(files))")
        }
        return (chosen, named.name)
    }

    /// A stage argument that names a config file rather than a stage.
    static func isConfigPath(_ argument: String) -> Bool {
        ["yaml", "yml", "json", "py"].contains((argument as NSString).pathExtension) || argument.contains("/")
    }

    static func experiment(_ argument: String?) throws -> Experiment {
        guard let argument else { return .shipped() }
        let path = Experiment.locate(argument)
        guard FileManager.default.fileExists(atPath: path) else {
            // A path is a file that is not there; a bare name is looked up in experiments/.
            if isConfigPath(argument) {
                throw CommandFailure.usage("-e \(argument): no such experiment file")
            }
            let shipped = ((try? FileManager.default.contentsOfDirectory(atPath: "experiments")) ?? [])
                .filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted()
            let hint = Suggestions.closest(to: argument, among: shipped).map { "; did you mean '\($0)'?" }
                ?? (shipped.isEmpty ? "" : " (experiments/ has \(shipped.joined(separator: ", ")))")
            throw CommandFailure.usage("-e \(argument): no experiment of this name: experiments/\(argument).yaml does not exist\(hint)")
        }
        return try Experiment.load(path)
    }
}

/// Several schema errors at once: each rendered (with its source line) on standard error, then
/// exit 2, as one ConfigError would.
public func reportingSchemaErrors<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let errors as SchemaErrors {
        for error in errors.errors.dropLast() {
            FileHandle.standardError.write(Data((error.rendered(quotingSource: true) + "\n").utf8))
        }
        throw errors.errors.last ?? ConfigError(.schema, "invalid config")
    }
}
