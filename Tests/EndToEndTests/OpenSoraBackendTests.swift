import Foundation
import ProcessFixtures
import Testing

/// `strata run` on Open-Sora's own config files, with Open-Sora's trainer as the backend. The
/// trainer here is a test double: a stand-in `torchrun` that records its arguments and runs a
/// stand-in `scripts/diffusion/train.py`, which writes a checkpoint folder in Open-Sora's layout
/// (`<outputs>/<exp_name>/epoch0-global_step2/` with running_states.json and a sharded `model/`).
/// The real trainer needs GPUs; what strata owns is checked here: the command line, the config
/// file, the chaining of `--model.from_pretrained`, the run records and reuse.
@Suite(.serialized)
struct OpenSoraBackendTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../..").standardized.path
    static let configs = repository + "/Tests/ConfigLangTests/Fixtures/cases/155-opensora-image"
    static let strata = ChildProcess.builtProduct("strata")

    /// A folder with the stand-in trainer, a dataset table and a log of every torchrun call.
    struct Workspace {
        let folder: String
        var log: String { folder + "/torchrun.log" }
        var root: String { folder + "/opensora" }
        var bin: String { folder + "/bin" }

        init() throws {
            folder = NSTemporaryDirectory() + "strata-opensora-\(UUID().uuidString)"
            try FileManager.default.createDirectory(atPath: folder + "/opensora/scripts/diffusion", withIntermediateDirectories: true)
            try FileManager.default.createDirectory(atPath: folder + "/bin", withIntermediateDirectories: true)
            try FileManager.default.createDirectory(atPath: folder + "/datasets", withIntermediateDirectories: true)
            try "path,text,num_frames,height,width,fps\nclip.mp4,a cat,33,256,256,24\n"
                .write(toFile: folder + "/datasets/pexels_45k_necessary.csv", atomically: true, encoding: .utf8)
            try Self.write(Self.torchrun, to: bin + "/torchrun")
            try Self.write(Self.trainScript, to: root + "/scripts/diffusion/train.py")
        }

        static func write(_ text: String, to path: String) throws {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        }

        /// Records one line per call (the arguments, tab-separated), then runs the script with bash.
        static let torchrun = """
            #!/usr/bin/env bash
            # Test double for torchrun: records the call, runs the training script with bash.
            set -eu
            ( IFS=$'\\t'; echo "$*" ) >> "$STANDIN_LOG"
            while [ $# -gt 0 ] && [[ "$1" != *.py ]]; do shift; done
            script="$1"; shift
            exec bash "$script" "$@"
            """

        /// Reads outputs and exp_name from the config as Open-Sora would, writes one checkpoint.
        static let trainScript = """
            # Test double for Open-Sora's scripts/diffusion/train.py: writes a checkpoint folder.
            set -eu
            config="$1"
            value() { sed -n "s/^$1 = '\\\\([^']*\\\\)'.*/\\\\1/p" "$config"; }
            outputs=$(value outputs); name=$(value exp_name)
            [ -n "${STANDIN_FAIL:-}" ] && { echo "stand-in trainer: failing as asked" >&2; exit 3; }
            checkpoint="$outputs/$name/epoch0-global_step2"
            mkdir -p "$checkpoint/model"
            echo '{"epoch": 0, "step": 2, "global_step": 2, "batch_size": null, "actual_update_step": 2}' > "$checkpoint/running_states.json"
            echo '{"weight_map": {}}' > "$checkpoint/model/model.safetensors.index.json"
            echo "stand-in trainer: wrote $checkpoint"
            """

        func run(_ arguments: [String], path: String? = nil, extra: [String: String] = [:]) throws -> ProcessOutcome {
            var environment = ["STANDIN_LOG": log, "PATH": path ?? (bin + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"))]
            environment.merge(extra) { _, new in new }
            return try ChildProcess.run(OpenSoraBackendTests.strata, arguments, in: folder, environment: environment)
        }

        /// Every torchrun call so far, as argument lists.
        var calls: [[String]] {
            let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            return text.split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
        }

        func runDirectories(of stage: String) -> [String] {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder + "/outputs/default")) ?? []
            return names.filter { $0.hasPrefix(stage + "-") }.map { "outputs/default/" + $0 }
        }

        func text(_ relative: String) -> String { (try? String(contentsOfFile: folder + "/" + relative, encoding: .utf8)) ?? "" }

        func remove() { try? FileManager.default.removeItem(atPath: folder) }
    }

    static let data = ["--dataset.data-path", "datasets/pexels_45k_necessary.csv"]

    @Test func theChainRunsOnOpenSorasTrainerAndIsReused() throws {
        let space = try Workspace()
        defer { space.remove() }
        let first = try space.run(["run", Self.configs + "/stage1.py"] + Self.data + ["--wandb", "True", "--opensora-root", space.root])
        #expect(first.status == 0, "\(first.output)")
        #expect(first.output.contains("image: completed") && first.output.contains("stage1: completed"), "\(first.output)")
        let image = try #require(space.runDirectories(of: "image").first)
        let stage1 = try #require(space.runDirectories(of: "stage1").first)

        let calls = space.calls
        #expect(calls.count == 2)
        let imageCall = try #require(calls.first)
        #expect(Array(imageCall.prefix(3)) == ["--nproc_per_node", "1", space.root + "/scripts/diffusion/train.py"])
        #expect(imageCall[3] == image + "/opensora_config.py")
        #expect(!imageCall.contains("--model.from_pretrained"), "the image stage is a root: \(imageCall)")
        let stage1Call = try #require(calls.last)
        #expect(stage1Call[3] == stage1 + "/opensora_config.py")
        #expect(Array(stage1Call.suffix(2)) == ["--model.from_pretrained", image + "/epoch0-global_step2"])

        // The config handed over: the resolved config, the overrides in it, strata's own keys out,
        // Open-Sora's experiment folder pointed at the run directory.
        let config = space.text(stage1 + "/opensora_config.py")
        #expect(config.contains("data_path='datasets/pexels_45k_necessary.csv'"), "\(config)")
        #expect(config.contains("\nwandb = True"), "\(config)")
        #expect(config.contains("\noutputs = 'outputs/default'") && config.contains("\nexp_name = '\((stage1 as NSString).lastPathComponent)'"), "\(config)")
        #expect(!config.contains("\nstage = ") && !config.contains("\ninit_from = "), "\(config)")
        let record = space.text(stage1 + "/run.yaml")
        #expect(record.contains("status: completed") && record.contains("final_weights: epoch0-global_step2"), "\(record)")

        let again = try space.run(["run", Self.configs + "/stage1.py"] + Self.data + ["--wandb", "True", "--opensora-root", space.root])
        #expect(again.status == 0 && again.output.contains("image: reused") && again.output.contains("stage1: reused"), "\(again.output)")
        #expect(space.calls.count == 2, "nothing ran again")
    }

    @Test func fromPretrainedCutsTheChainAndLoadResumes() throws {
        let space = try Workspace()
        defer { space.remove() }
        let pretrained = try space.run(["run", Self.configs + "/stage1.py"] + Self.data
                                       + ["--model.from_pretrained", "ckpts/Open_Sora_v2.safetensors", "--opensora-root", space.root])
        #expect(pretrained.status == 0, "\(pretrained.output)")
        #expect(space.runDirectories(of: "image").isEmpty, "stage1 starts from the given weights, not the image stage")
        #expect(Array((space.calls.last ?? []).suffix(2)) == ["--model.from_pretrained", "ckpts/Open_Sora_v2.safetensors"])

        try FileManager.default.createDirectory(atPath: space.folder + "/outputs/EXP/epoch0-global_step100", withIntermediateDirectories: true)
        let resumed = try space.run(["run", Self.configs + "/stage1.py"] + Self.data
                                    + ["--model.from_pretrained", "ckpts/Open_Sora_v2.safetensors", "--seed", "7",
                                       "--load", "outputs/EXP/epoch0-global_step100", "--start-step", "0", "--start-epoch", "0",
                                       "--opensora-root", space.root])
        #expect(resumed.status == 0, "\(resumed.output)")
        let call = try #require(space.calls.last)
        #expect(Array(call.suffix(8)) == ["--model.from_pretrained", "ckpts/Open_Sora_v2.safetensors", "--load", "outputs/EXP/epoch0-global_step100",
                                          "--start-epoch", "0", "--start-step", "0"], "\(call)")
    }

    @Test func dryRunPrintsTheCommandsAndWritesNothing() throws {
        let space = try Workspace()
        defer { space.remove() }
        let dry = try space.run(["run", Self.configs + "/stage2.py"] + Self.data + ["--dry-run", "--nproc-per-node", "8", "--opensora-root", space.root])
        #expect(dry.status == 0, "\(dry.output)")
        #expect(dry.output.contains("torchrun --nproc_per_node 8 \(space.root)/scripts/diffusion/train.py outputs/default/stage2-"), "\(dry.output)")
        #expect(dry.output.contains("--model.from_pretrained 'outputs/default/stage1-"), "\(dry.output)")
        #expect(!FileManager.default.fileExists(atPath: space.folder + "/outputs"))
        #expect(space.calls.isEmpty)
    }

    @Test func missingTorchrunOrCheckoutIsAClearErrorBeforeAnythingIsWritten() throws {
        let space = try Workspace()
        defer { space.remove() }
        let noTorchrun = try space.run(["run", Self.configs + "/image.py"] + Self.data + ["--opensora-root", space.root], path: "/usr/bin:/bin")
        #expect(noTorchrun.status == 1, "\(noTorchrun.output)")
        #expect(noTorchrun.output.contains("torchrun on PATH"), "\(noTorchrun.output)")
        #expect(noTorchrun.output.contains("torchrun --nproc_per_node 1 \(space.root)/scripts/diffusion/train.py"), "the command it would have run: \(noTorchrun.output)")
        #expect(!FileManager.default.fileExists(atPath: space.folder + "/outputs"))

        let noCheckout = try space.run(["run", Self.configs + "/image.py"] + Self.data, extra: ["STRATA_OPENSORA_ROOT": ""])
        #expect(noCheckout.status == 1 && noCheckout.output.contains("--opensora-root DIR or set STRATA_OPENSORA_ROOT"), "\(noCheckout.output)")

        let fromVariable = try space.run(["run", Self.configs + "/image.py"] + Self.data, extra: ["STRATA_OPENSORA_ROOT": space.root])
        #expect(fromVariable.status == 0, "\(fromVariable.output)")
    }

    @Test func aFailingTrainerFailsTheStage() throws {
        let space = try Workspace()
        defer { space.remove() }
        let failed = try space.run(["run", Self.configs + "/image.py"] + Self.data + ["--opensora-root", space.root], extra: ["STANDIN_FAIL": "1"])
        #expect(failed.status == 1, "\(failed.output)")
        #expect(failed.output.contains("Open-Sora's trainer exited with status 3"), "\(failed.output)")
        let image = try #require(space.runDirectories(of: "image").first)
        #expect(space.text(image + "/run.yaml").contains("status: failed"))
    }
}
