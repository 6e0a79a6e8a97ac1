import CLISupport
import Foundation
import Stages

/// Where Open-Sora's trainer is and how it is started: `torchrun … scripts/diffusion/train.py
/// CONFIG [--model.from_pretrained W] [--load CKPT …]` from the current directory (so relative
/// paths in the config mean what they meant to the user).
public struct OpenSoraBackend: Sendable {
    /// The variable that names Open-Sora's checkout when `--opensora-root` is not given.
    public static let rootVariable = "STRATA_OPENSORA_ROOT"
    /// The training script, relative to the checkout.
    public static let trainScript = "scripts/diffusion/train.py"
    /// The config strata writes into the run directory for the trainer.
    public static let configName = "opensora_config.py"

    /// Open-Sora's checkout; nil when neither the option nor the variable gives one.
    public var root: String?
    public var command: TorchrunCommand

    /// The host and port of a multi-node job's rendezvous (`MASTER_ADDR`, `MASTER_PORT`, which
    /// the job script of `strata launch slurm` exports); nil when MASTER_ADDR is unset.
    public var rendezvous: String?

    public init(root: String?, processesPerNode: Int = 1, nodes: Int? = nil,
                environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.root = root ?? environment[Self.rootVariable].flatMap { $0.isEmpty ? nil : $0 }
        let script = (self.root ?? "<Open-Sora checkout>") + "/" + Self.trainScript
        self.command = TorchrunCommand(processesPerNode: processesPerNode, nodes: nodes, script: script)
        if let host = environment["MASTER_ADDR"], !host.isEmpty {
            rendezvous = host + ":" + (environment["MASTER_PORT"].flatMap { $0.isEmpty ? nil : $0 } ?? "29500")
        }
    }

    /// Whether the trainer spans several nodes: one torchrun per node, started by srun inside the
    /// job's allocation, meeting at the rendezvous.
    public var isMultiNode: Bool { (command.nodes ?? 1) > 1 }

    public static func configPath(runDirectory: String) -> String { runDirectory + "/" + configName }

    /// The command that trains a stage: the config, the starting weights, and for a resumed run
    /// the checkpoint and position (Open-Sora's `--load`, `--start-epoch`, `--start-step`).
    public func words(configPath: String, initWeights: String?, resume: ResumeRequest, runDirectory: String) -> [String] {
        var extra: [String] = []
        if let initWeights { extra += ["--model.from_pretrained", initWeights] }
        switch resume {
        case .fresh: break
        case .continueInRunDirectory:
            if let latest = Self.checkpoints(in: runDirectory).last { extra += ["--load", runDirectory + "/" + latest.folderName] }
        case .load(let checkpoint, let epoch, let step):
            extra += ["--load", checkpoint]
            if let epoch { extra += ["--start-epoch", String(epoch)] }
            if let step { extra += ["--start-step", String(step)] }
        }
        guard isMultiNode else { return command.words(config: configPath, arguments: extra) }
        let nodes = String(command.nodes ?? 1)
        let rendezvous = ["--rdzv_backend", "c10d", "--rdzv_endpoint", self.rendezvous ?? "$MASTER_ADDR:$MASTER_PORT",
                          "--rdzv_id", (runDirectory as NSString).lastPathComponent]
        return ["srun", "--nodes", nodes, "--ntasks-per-node", "1", "--kill-on-bad-exit=1"]
            + command.words(config: configPath, arguments: extra, rendezvous: rendezvous)
    }

    /// What this machine lacks to run the trainer, each said so that the user can fix it; empty
    /// when nothing is missing.
    public func missing(environment: [String: String] = ProcessInfo.processInfo.environment) -> [String] {
        var missing: [String] = []
        if let root {
            let script = root + "/" + Self.trainScript
            if !FileManager.default.fileExists(atPath: script) {
                missing.append("Open-Sora's training script \(script) (is \(root) an Open-Sora 2.0 checkout?)")
            }
        } else {
            missing.append("Open-Sora's checkout: give --opensora-root DIR or set \(Self.rootVariable)")
        }
        if LaunchFiles.onPath("torchrun", environment: environment) == nil {
            missing.append("torchrun on PATH (install PyTorch, and Open-Sora's requirements, in this environment)")
        }
        if isMultiNode {
            if LaunchFiles.onPath("srun", environment: environment) == nil {
                missing.append("srun on PATH: a run on \(command.nodes ?? 1) nodes starts one torchrun per node inside a Slurm job (strata launch slurm writes one)")
            }
            if rendezvous == nil {
                missing.append("MASTER_ADDR: the host the nodes meet at (the job script of strata launch slurm exports it)")
            }
        }
        return missing
    }

    /// The checkpoint folders Open-Sora wrote into a run directory (those with running_states.json),
    /// oldest first.
    public static func checkpoints(in runDirectory: String) -> [CheckpointID] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: runDirectory)) ?? []
        return names.compactMap { name in
            guard let id = CheckpointID(folderName: name),
                  FileManager.default.fileExists(atPath: "\(runDirectory)/\(name)/running_states.json") else { return nil }
            return id
        }.sorted()
    }
}

/// `torchrun --nproc_per_node N [--nnodes M] SCRIPT CONFIG ARGS…`: one spelling for
/// `strata launch torchrun` and for `strata run` on Open-Sora's trainer.
public struct TorchrunCommand: Sendable {
    public var processesPerNode: Int
    public var nodes: Int?
    public var script: String

    public init(processesPerNode: Int, nodes: Int?, script: String) {
        self.processesPerNode = processesPerNode
        self.nodes = nodes
        self.script = script
    }

    public func words(config: String, arguments: [String], rendezvous: [String] = []) -> [String] {
        var words = ["torchrun", "--nproc_per_node", String(processesPerNode)]
        if let nodes { words += ["--nnodes", String(nodes)] }
        return words + rendezvous + [script, config] + arguments
    }
}
