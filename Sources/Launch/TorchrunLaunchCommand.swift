import ArgumentParser
import CLISupport
import Foundation
import StageCommands

/// `strata launch torchrun STAGE …`: the stage as an Open-Sora config and the torchrun command.
public struct TorchrunLaunchCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "torchrun",
        abstract: "Write a stage's resolved config for Open-Sora's trainer and print (or run) its torchrun command.",
        discussion: """
            The config holds only keys Open-Sora 2.0's scripts/diffusion/train.py reads, in its \
            spelling (docs/launch.md has the table); every value that does not carry over one to \
            one is reported as a note or warning, here and in the file's header. The stage's \
            starting weights (its upstream's final weights, or model.from_pretrained) go on the \
            command line as --model.from_pretrained, as Open-Sora chains stages. With --base, the \
            file inherits an Open-Sora training config for the model, autoencoder, text encoders \
            and parallelism settings strata has no equivalent for.

            Examples:
              strata launch torchrun stage1 -e cluster_256px --nproc-per-node 8 --base \\
                configs/diffusion/train/stage1.py -o stage1.py
              strata launch torchrun stage2 -e cluster_256px --nproc-per-node 8 \\
                --nnodes 4 stage2:optim.lr=2e-5
            """)

    @OptionGroup public var arguments: StageArguments
    @Option(help: "Processes (GPUs) on each node.") public var nprocPerNode: Int = 8
    @Option(help: "Nodes (torchrun's --nnodes).") public var nnodes: Int?
    @Option(help: "Open-Sora's training script, relative to its checkout.") public var script = "scripts/diffusion/train.py"
    @Option(help: "An Open-Sora training config the written one inherits (_base_) the model, ae, t5, clip and plugin settings from.")
    public var base: String?
    @Option(name: .short, help: ArgumentHelp("Where to write the config (.py; default under outputs/<experiment>/launch/).", valueName: "file")) public var output: String?
    @Flag(name: .customLong("run"), help: "Run torchrun (from PATH) instead of printing the command.") public var runNow = false

    public init() {}

    public func validate() throws {
        if nprocPerNode < 1 { throw ValidationError("--nproc-per-node must be at least 1, got \(nprocPerNode)") }
        if let nnodes, nnodes < 1 { throw ValidationError("--nnodes must be at least 1, got \(nnodes)") }
        if let output, !output.hasSuffix(".py") { throw ValidationError("-o \(output): Open-Sora reads a Python config; the name must end in .py") }
        if let base, !FileManager.default.fileExists(atPath: base) { throw ValidationError("--base \(base): no such file (expected an Open-Sora config such as configs/diffusion/train/stage1.py)") }
    }

    public func run() throws {
        let plan = try arguments.plan()
        guard let target = plan.stages.last else { return }
        let path = output ?? LaunchFiles.defaultPath(for: target, suffix: "opensora.py")
        let launch = TorchrunLaunch(plan: plan, processesPerNode: nprocPerNode, nodes: nnodes, trainScript: script, configPath: path, base: base)
        let config = try launch.openSoraConfig()
        for note in config.notes + [launch.startingWeights().note].compactMap({ $0 }) {
            FileHandle.standardError.write(Data("strata: \(note)\n".utf8))
        }
        try LaunchFiles.write(try launch.configText(config), to: path)
        print("wrote \(path)")
        let words = launch.commandWords()
        guard runNow else {
            print(ShellQuoting.line(words))
            return
        }
        guard let torchrun = LaunchFiles.onPath("torchrun") else {
            throw CommandFailure.runtime("--run: torchrun is not on PATH (install PyTorch in this environment); the config is written, run: \(ShellQuoting.line(words))")
        }
        FileHandle.standardError.write(Data("strata: \(ShellQuoting.line(words))\n".utf8))
        Sibling.exec(torchrun, arguments: Array(words.dropFirst()))
    }
}
