import ConfigLang
import Foundation
import Stages
import Testing
@testable import Launch

/// The keys Open-Sora 2.0's scripts/diffusion/train.py reads (reference/opensora.md §1.2, §1.3).
let openSoraTrainKeys: Set<String> = [
    "dataset", "grad_ckpt_settings", "bucket_config", "model", "dropout_ratio", "ae", "is_causal_vae", "t5", "clip",
    "optim", "warmup_steps", "update_warmup_steps", "grad_clip", "accumulation_steps", "ema_decay", "prefetch_factor",
    "num_workers", "num_bucket_build_workers", "dtype", "plugin", "grad_checkpoint", "plugin_config",
    "pin_memory_cache_pre_alloc_numels", "async_io", "seed", "outputs", "epochs", "log_every", "ckpt_every", "keep_n_latest",
    "wandb_project", "save_master_weights", "load_master_weights", "wandb", "exp_name", "load", "start_epoch", "start_step",
    "batch_size", "lora_config", "lora_checkpoint", "cached_video", "cached_text", "use_cosine_scheduler", "initial_lr",
    "warmup_ae", "sigma_min", "condition_config", "patch_size", "no_i2v_ref_loss", "guidance", "grad_ckpt_buffer_size",
    "ae_spatial_compression",
]

@Suite struct TorchrunLaunchTests {
    func launch(_ folder: String, target: String = "stage1", stages: [String] = ["image", "stage1"], overlay: String = "",
                tokens: [String] = [], base: String? = nil) throws -> TorchrunLaunch {
        let experiment = try writeExperiment(in: folder, stages: stages, overlay: overlay)
        return TorchrunLaunch(plan: try plan(experiment, target, tokens), processesPerNode: 8, nodes: 2,
                              configPath: folder + "/out/stage1.py", base: base)
    }

    /// Writes the config, reads it back with strata's own Python reader.
    func writtenAndReadBack(_ launch: TorchrunLaunch) throws -> (written: ConfigNode, read: ConfigNode, notes: [TranslationNote]) {
        let config = try launch.openSoraConfig()
        try LaunchFiles.write(try launch.configText(config), to: launch.configPath)
        return (config.root, try ConfigLoader().load(launch.configPath).root, config.notes)
    }

    func value(_ node: ConfigNode, _ path: String) -> ConfigValue? { (try? node.descendant(at: path))?.value }

    @Test func readBackEqualsTheResolvedStageInOpenSoraKeys() throws {
        let folder = try temporaryFolder()
        let launch = try launch(folder, overlay: "lr_scheduler:\n  _delete_: true\n  type: cosine\ngrad_clip: null\ndataset:\n  data_path: null",
                                tokens: ["optim.weight_decay=0.01", "--epochs", "7"])
        let stage = launch.target.stage.config
        let (_, read, notes) = try writtenAndReadBack(launch)
        let keys = Set(read.value.mapping!.keys.map(\.description))
        #expect(keys.isSubset(of: openSoraTrainKeys), "not read by Open-Sora: \(keys.subtracting(openSoraTrainKeys))")
        // Same name, same meaning: equal to the resolved stage config value for value.
        for key in ["dataset", "bucket_config", "grad_ckpt_settings", "warmup_steps", "accumulation_steps", "ema_decay", "seed",
                    "outputs", "epochs", "log_every", "ckpt_every", "keep_n_latest", "num_workers", "prefetch_factor",
                    "ae_spatial_compression", "is_causal_vae", "dtype"] {
            #expect(value(read, key) == value(stage, key), "\(key)")
        }
        #expect(value(read, "epochs") == .int(7))
        // Translations.
        #expect(value(read, "optim.cls") == .string("HybridAdam"))
        for key in ["lr", "eps", "weight_decay", "adamw_mode", "betas"] {
            #expect(value(read, "optim.\(key)") == value(stage, "optim.\(key)"), "optim.\(key)")
        }
        #expect(value(read, "optim.weight_decay") == .float(0.01))
        #expect(value(read, "dropout_ratio.t5") == value(stage, "dropout_ratio.text"))
        #expect(value(read, "dropout_ratio.clip") == value(stage, "dropout_ratio.text"))
        #expect(value(read, "use_cosine_scheduler") == .bool(true))
        #expect(value(read, "grad_clip") == .float(0))
        #expect(value(read, "exp_name") == .string("t-stage1-\(launch.target.fingerprint.prefix(12))"))
        for absent in ["model", "ae", "text_encoder", "lr_scheduler", "stage", "init_from", "lr", "eps"] {
            #expect(value(read, absent) == nil, "\(absent)")
        }
        // Nothing dropped silently: each strata-only component and each translation is reported.
        let noted = Set(notes.map(\.key))
        for key in ["model", "ae", "text_encoder", "dropout_ratio.text", "lr_scheduler", "grad_clip", "dataset.data_path"] {
            #expect(noted.contains(key), "\(key)")
        }
        #expect(notes.first { $0.key == "model" }?.origin?.contains("image.yaml") == true)
    }

    @Test func upstreamWeightsGoOnTheCommandLine() throws {
        let folder = try temporaryFolder()
        let launch = try launch(folder)
        let image = try #require(launch.plan.stages.first)
        let words = launch.commandWords()
        #expect(words == ["torchrun", "--nproc_per_node", "8", "--nnodes", "2", "scripts/diffusion/train.py", folder + "/out/stage1.py",
                          "--model.from_pretrained", image.runDirectory + "/final/model.safetensors"])
        #expect(launch.startingWeights().note?.severity == .warning)
        // A root stage starts from its seed: no --model.from_pretrained.
        let root = try self.launch(try temporaryFolder(), target: "image", stages: ["image"])
        #expect(!root.commandWords().contains("--model.from_pretrained"))
        // The file's header carries the command.
        let text = try launch.configText(try launch.openSoraConfig())
        #expect(text.contains("# Run: torchrun --nproc_per_node 8 --nnodes 2 scripts/diffusion/train.py"))
    }

    @Test func sgdHasNoOpenSoraEquivalent() throws {
        let folder = try temporaryFolder()
        let launch = try launch(folder, overlay: "optim:\n  _delete_: true\n  type: sgd\n  lr: 0.1")
        #expect(throws: ConfigError.self) { try launch.openSoraConfig() }
    }

    /// With --base the file inherits an Open-Sora config; tables strata sets replace the base's.
    @Test func baseSuppliesTheModelAndTablesReplace() throws {
        let folder = try temporaryFolder()
        let base = folder + "/opensora_stage1.py"
        try """
            model = dict(type="flux", from_pretrained=None, hidden_size=3072, cond_embed=True)
            ae = dict(type="hunyuan_vae", latent_channels=16)
            bucket_config = {"768px": {1: (0.5, 13)}, "256px": {1: (1.0, 45)}}
            plugin = "zero2"
            """.write(toFile: base, atomically: true, encoding: .utf8)
        let launch = try launch(folder, base: base)
        let (_, read, notes) = try writtenAndReadBack(launch)
        #expect(value(read, "bucket_config") == value(launch.target.stage.config, "bucket_config"))
        #expect(value(read, "model.type") == .string("flux"))
        #expect(value(read, "model.hidden_size") == .int(3072))
        #expect(value(read, "model.cond_embed") == .bool(false))
        #expect(value(read, "ae.type") == .string("hunyuan_vae"))
        #expect(value(read, "plugin") == .string("zero2"))
        #expect(notes.filter { ["model", "ae", "text_encoder"].contains($0.key) }.allSatisfy { $0.severity == .note })
    }
}
