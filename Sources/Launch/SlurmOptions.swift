import ArgumentParser
import CLISupport
import Foundation

/// The job options every `launch slurm` form takes, and what happens to the written script.
public struct SlurmOptions: ParsableArguments {
    @Option(help: "Nodes for the job.") public var nodes: Int
    @Option(help: "Tasks on each node (training: ranks; data jobs: shards).") public var tasksPerNode: Int
    @Option(help: "The Slurm partition.") public var partition: String?
    @Option(help: "Time limit (minutes, HH:MM:SS, D-HH:MM:SS, …).") public var time: String?
    @Option(help: "GPUs on each node.") public var gpusPerNode: Int?
    @Option(help: "CPUs for each task (data jobs: also the worker threads of each shard).") public var cpusPerTask: Int?
    @Option(help: "The job's name (default: strata-<experiment>-<stage>, or strata-check-<table> / strata-info-<table>).") public var jobName: String?
    @Option(name: .customLong("sbatch-arg"), parsing: .unconditionalSingleValue, help: ArgumentHelp("An extra #SBATCH option, as sbatch takes it (repeatable).", valueName: "--option=value"))
    public var sbatchArguments: [String] = []
    @Option(name: .short, help: ArgumentHelp("Where to write the script (default: a stage's under outputs/<experiment>/launch/; a data job's beside OUTPUT, as OUTPUT.check.sbatch or OUTPUT.info.sbatch).", valueName: "file")) public var output: String?
    @Flag(help: "Submit the script with sbatch after writing it.") public var submit = false

    public init() {}

    /// The checked resources; `defaultJobName` when --job-name is absent; the job log goes beside
    /// the script.
    public func resources(defaultJobName: String, scriptPath: String) throws -> SlurmResources {
        let folder = (scriptPath as NSString).deletingLastPathComponent
        let resources = SlurmResources(
            nodes: nodes, tasksPerNode: tasksPerNode, partition: partition, time: time, gpusPerNode: gpusPerNode,
            cpusPerTask: cpusPerTask, jobName: jobName ?? defaultJobName, extraArguments: sbatchArguments,
            outputPattern: (folder.isEmpty ? "" : folder + "/") + "%x-%j.out")
        try resources.validate()
        return resources
    }

    /// Writes the script, prints its path and the sbatch command, and submits it when asked.
    public func finish(_ script: BatchScript, at path: String) throws {
        try LaunchFiles.write(script.text, to: path, executable: true)
        let command = ShellQuoting.line(["sbatch", path])
        print("wrote \(path)")
        guard submit else {
            print("submit with: \(command)")
            return
        }
        guard let sbatch = LaunchFiles.onPath("sbatch") else {
            throw CommandFailure.runtime("--submit: sbatch is not on PATH (is this a Slurm login node?); the script is written, submit it with: \(command)")
        }
        print(command)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: sbatch)
        process.arguments = [path]
        do {
            try process.run()
        } catch {
            throw CommandFailure.runtime("cannot run \(sbatch): \(error.localizedDescription)")
        }
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CommandFailure.runtime("sbatch exited with status \(process.terminationStatus); the script is kept at \(path)")
        }
    }
}
