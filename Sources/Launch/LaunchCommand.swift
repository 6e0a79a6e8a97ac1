import ArgumentParser

/// `strata launch`: write (and optionally start) the job that runs a stage somewhere else: a Slurm
/// batch script for strata's own data-parallel trainer, or Open-Sora's trainer under torchrun.
public struct LaunchCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "launch",
        abstract: "Write the job that runs a stage on a cluster: a Slurm script, or an Open-Sora torchrun config.",
        discussion: """
            Examples:
              strata launch slurm stage2 -e cluster_256px --nodes 4 --tasks-per-node 8 \\
                --time 2-00:00:00
              strata launch slurm data-check info.csv clean.csv --nodes 8 \\
                --tasks-per-node 4 --submit
              strata launch slurm data-info videos.csv info.csv --nodes 2 \\
                --tasks-per-node 16
              strata launch torchrun stage1 -e cluster_256px --nproc-per-node 8 --base \\
                ../Open-Sora/configs/diffusion/train/stage1.py
            """,
        subcommands: [SlurmLaunchCommand.self, TorchrunLaunchCommand.self])

    public init() {}
}
