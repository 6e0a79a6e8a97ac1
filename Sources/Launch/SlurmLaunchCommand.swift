import ArgumentParser
import CLISupport
import StageCommands

/// `strata launch slurm`: a stage (the default) or a sharded data job.
public struct SlurmLaunchCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "slurm",
        abstract: "Write an sbatch script: a stage chain run data-parallel (the default), or a sharded data check or data info.",
        subcommands: [SlurmStageCommand.self, SlurmDataCheckCommand.self, SlurmDataInfoCommand.self],
        defaultSubcommand: SlurmStageCommand.self)

    public init() {}
}

/// `strata launch slurm [stage] STAGE …`: an sbatch script running `srun strata run STAGE …`.
public struct SlurmStageCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "stage",
        abstract: "Write an sbatch script that runs a stage (and the upstream stages it needs) data-parallel with srun.",
        discussion: """
            The script runs `srun strata run STAGE -e EXP <overrides>` from the current directory: \
            one rank per task (nodes × tasks-per-node); srun gives each its rank and the world size. \
            A stage of Open-Sora's types (an Open-Sora config file) runs `strata run` once on the \
            batch host, which starts one torchrun per node (tasks-per-node processes each) with \
            srun, meeting at the allocation's first node. \
            The plan is checked now (config mistakes stop here, exit 2) and written into the \
            script's header. The job log goes beside the script (%x-%j.out).

            Examples:
              strata launch slurm stage2 -e cluster_256px --nodes 4 --tasks-per-node 8 --partition gpu --time 48:00:00
              strata launch slurm stage1 -e demo --nodes 1 --tasks-per-node 2 --sbatch-arg=--account=proj stage1:optim.lr=1e-4 --submit
            """)

    @OptionGroup public var arguments: StageArguments
    @OptionGroup public var slurm: SlurmOptions
    @Option(help: ArgumentHelp("For a stage of Open-Sora's types: its checkout on the cluster (default: $STRATA_OPENSORA_ROOT when the job runs).", valueName: "dir"))
    public var opensoraRoot: String?

    public init() {}

    public func run() throws {
        let plan = try arguments.plan()
        guard let target = plan.stages.last else { return }
        let path = slurm.output ?? LaunchFiles.defaultPath(for: target, suffix: "sbatch")
        let resources = try slurm.resources(defaultJobName: "strata-\(plan.experiment.name)-\(plan.target)", scriptPath: path)
        let job = StageJobScript(plan: plan, strataExecutable: Sibling.path("strata"), experimentArgument: arguments.experiment,
                                 overrides: arguments.overrides, resources: resources, workingDirectory: LaunchFiles.workingDirectory,
                                 stageArgument: arguments.stage, openSoraRoot: opensoraRoot)
        try slurm.finish(job.script, at: path)
    }
}
