import ConfigLang
import Foundation
import Stages
import Testing
@testable import Launch

/// Stages of Open-Sora's own types under `launch slurm` and on the run backend's command line.
@Suite struct OpenSoraLaunchTests {
    static let configs = repositoryRoot + "/Tests/ConfigLangTests/Fixtures/cases/155-opensora-image"

    func openSoraPlan(_ folder: String, target: String) throws -> Plan {
        let table = folder + "/table.csv"
        try "path,text\nclip.mp4,a cat\n".write(toFile: table, atomically: true, encoding: .utf8)
        let text = "experiment: os\nconfigs: \(Self.configs)\noverlay:\n  outputs: \(folder)/outputs\n  dataset: {data_path: \(table)}\nstages:\n  image:\n  stage1:\n  stage2:\n"
        try text.write(toFile: folder + "/os.yaml", atomically: true, encoding: .utf8)
        return try plan(folder + "/os.yaml", target)
    }

    @Test func aSlurmJobRunsStrataOnceAndTorchrunPerNode() throws {
        let folder = try temporaryFolder()
        let resources = SlurmResources(nodes: 4, tasksPerNode: 8, partition: "gpu", time: nil, gpusPerNode: 8,
                                       jobName: "strata-os-stage2", extraArguments: [], outputPattern: nil)
        let job = StageJobScript(plan: try openSoraPlan(folder, target: "stage2"), strataExecutable: "/opt/strata", experimentArgument: "os.yaml",
                                 overrides: ["--wandb", "True"], resources: resources, workingDirectory: folder,
                                 stageArgument: Self.configs + "/stage2.py", openSoraRoot: "/shared/Open-Sora")
        #expect(job.runsOnOpenSora)
        let text = job.script.text
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.contains("#SBATCH --nodes=4") && lines.contains("#SBATCH --ntasks-per-node=1") && lines.contains("#SBATCH --gpus-per-node=8"))
        #expect(!lines.contains { $0.hasPrefix("srun ") }, "strata plans and records once, on the batch host")
        #expect(lines.contains { $0.hasPrefix("export MASTER_ADDR=") } && lines.contains { $0.hasPrefix("export MASTER_PORT=") })
        let run = try #require(lines.last)
        #expect(try shellWords(run) == ["/opt/strata", "run", Self.configs + "/stage2.py", "-e", "os.yaml", "--wandb", "True",
                                        "--nnodes", "4", "--nproc-per-node", "8", "--opensora-root", "/shared/Open-Sora"])
        #expect(try shell("bash -n <<'EOF_SCRIPT'\n\(text)EOF_SCRIPT").status == 0)
    }

    @Test func severalNodesStartOneTorchrunPerNodeWithSrun() throws {
        let backend = OpenSoraBackend(root: "/os", processesPerNode: 8, nodes: 2, environment: ["MASTER_ADDR": "node7", "PATH": ""])
        let words = backend.words(configPath: "run/opensora_config.py", initWeights: "up/epoch0-global_step4", resume: .fresh, runDirectory: "out/stage2-abc")
        #expect(words == ["srun", "--nodes", "2", "--ntasks-per-node", "1", "--kill-on-bad-exit=1",
                          "torchrun", "--nproc_per_node", "8", "--nnodes", "2", "--rdzv_backend", "c10d", "--rdzv_endpoint", "node7:29500",
                          "--rdzv_id", "stage2-abc", "/os/scripts/diffusion/train.py", "run/opensora_config.py",
                          "--model.from_pretrained", "up/epoch0-global_step4"])
        let missing = backend.missing(environment: ["PATH": ""])
        #expect(missing.contains { $0.hasPrefix("srun on PATH") } && missing.contains { $0.hasPrefix("torchrun on PATH") })
        let noHost = OpenSoraBackend(root: "/os", processesPerNode: 8, nodes: 2, environment: [:])
        #expect(noHost.missing(environment: [:]).contains { $0.hasPrefix("MASTER_ADDR") })
    }

    @Test func theConfigHandedOverIsTheResolvedConfigWithoutStrataKeysOrDefaults() throws {
        let folder = try temporaryFolder()
        let target = try #require(try openSoraPlan(folder, target: "stage1").stages.last)
        let root = OpenSoraStageConfig.root(of: target.stage.config, runDirectory: "outputs/os/stage1-abc")
        let keys = try #require(root.value.mapping).keys.map(\.description)
        #expect(!keys.contains("stage") && !keys.contains("init_from") && !keys.contains("declared_changes"))
        // A key only the schema's defaults would add (the trainer has its own defaults) is left out.
        #expect(!keys.contains("sigma_min") && !keys.contains("wandb"))
        #expect(try root.descendant(at: "outputs").value == .string("outputs/os") && root.descendant(at: "exp_name").value == .string("stage1-abc"))
        // mmengine reads the file to the dict strata means: strata's own reader reads it back the same.
        let text = try OpenSoraStageConfig.text(root, stage: "stage1", experiment: "os", fingerprint: target.fingerprint,
                                                configFile: target.stage.configFile, command: ["torchrun"])
        let path = folder + "/handed.py"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let back = try ConfigLoader(environment: [:]).load(path).root
        #expect(try JSONWriter.write(back) == JSONWriter.write(root))
    }
}
