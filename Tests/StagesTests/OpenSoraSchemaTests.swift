import ConfigLang
import Foundation
import Testing
@testable import Stages

/// Open-Sora 2.0's types and top level in the registry: its training configs (fixtures shaped
/// like configs/diffusion/train/*.py) validate on Open-Sora's engine, typos are refused, and
/// strata's own configs are unaffected.
@Suite struct OpenSoraSchemaTests {
    static let fixtures = "Tests/ConfigLangTests/Fixtures/cases/155-opensora-image"
    static let stages = ["image", "stage1", "stage2", "stage1_i2v", "stage2_i2v", "demo", "high_compression"]

    func fixture(_ name: String) -> String { repoPath("\(Self.fixtures)/\(name).py") }

    /// Loads a config the way `strata` does (declared keys may be set without `+`), with the
    /// overrides at command-line positions 3, 4, …
    func load(_ file: String, _ tokens: [String] = []) throws -> ConfigNode {
        let parsed = try OverrideParser.parse(tokens, firstArgumentIndex: 3)
        return try ConfigLoader(keySchema: RegistryKeySchema.standard).load(file, overrides: parsed).root
    }

    /// A config file in a fresh folder whose first line inherits from `base`.
    func derived(from base: String, _ body: String, name: String = "stage.py") throws -> String {
        let file = try temporaryFolder() + "/" + name
        let header = name.hasSuffix(".py") ? "_base_ = [\"\(base)\"]\n" : "_base_: \(base)\n"
        try (header + body).write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }

    func messages(_ root: ConfigNode) -> [String] {
        schemaMessages { _ = try SchemaValidator(registry: .standard).validateStage(root) }
    }

    // MARK: - Open-Sora's configs validate

    @Test(arguments: stages)
    func everyFixtureValidatesOnOpenSorasEngine(stage: String) throws {
        let root = try load(fixture(stage), ["--dataset.data_path", "data/train.csv"])
        #expect(Registry.standard.engine(of: root) == .opensora)
        let config = try SchemaValidator(registry: .standard).validateStage(root)
        #expect(config.value.mapping?["dataset"]?.value.mapping?["data_path"]?.value == .string("data/train.csv"))
        // Open-Sora's own defaults fill what the files leave out.
        #expect(try config.descendant(at: "sigma_min").value == .float(1e-5))
        #expect(try config.descendant(at: "plugin").value == .string(stage.hasPrefix("stage2") ? "hybrid" : "zero2"))
        #expect(try config.descendant(at: "optim.betas").value.sequenceItems?.count == 2)
        let aeType = try config.descendant(at: "ae.type").value
        #expect(aeType == .string(stage == "high_compression" ? "dc_ae" : "hunyuan_vae"))
    }

    @Test func fixturesValidateWithoutADataPath() throws {
        // Open-Sora's files name no sample table; strata still checks the rest of them.
        #expect(messages(try load(fixture("stage1"))).isEmpty)
    }

    @Test func roles() throws {
        let validator = SchemaValidator(registry: .standard)
        let config = try validator.validateStage(try load(fixture("stage1_i2v")))
        let roles = Dictionary(validator.roledValues(of: config).map { ($0.path, $0.role) }, uniquingKeysWith: { a, _ in a })
        #expect(roles["model.type"] == .weights)
        #expect(roles["model.depth"] == .weights)
        #expect(roles["model.cond_embed"] == .weights)
        #expect(roles["model.grad_ckpt_settings"] == .operational)
        #expect(roles["ae.latent_channels"] == .weights)
        #expect(roles["optim.lr"] == .result)
        #expect(roles["lr"] == .operational)
        #expect(roles["plugin_config"] == .operational)
        #expect(roles["record_time"] == .ignored)
    }

    // MARK: - Typos are refused

    @Test func typoInsideTheModelInAFile() throws {
        let file = try derived(from: fixture("stage1"), "model = dict(dept=19)\n")
        let found = messages(try load(file))
        #expect(found.count == 1)
        #expect(found.first?.contains("stage.py:2:14: error: unknown parameter 'model.dept' of model type 'flux'; did you mean 'depth'?") == true)
    }

    @Test func typoInsideTheModelOnTheCommandLine() throws {
        // Without `+` the loader refuses the key; with it the schema does, naming the argument.
        #expect {
            _ = try load(fixture("stage1"), ["model.dept=19"])
        } throws: { error in
            "\(error)".contains("argument 3: model.dept=19") && "\(error)".contains("depth")
        }
        let found = messages(try load(fixture("stage1"), ["+model.dept=19"]))
        #expect(found == ["error: argument 3: +model.dept=19: unknown parameter 'model.dept' of model type 'flux'; did you mean 'depth'?"])
    }

    @Test func typoAtTheTopLevel() throws {
        let file = try derived(from: fixture("image"), "wandb_projet = \"video\"\n")
        let found = messages(try load(file))
        #expect(found.count == 1)
        #expect(found.first?.contains("stage.py:2:1: error: unknown parameter 'wandb_projet' of a stage config; did you mean 'wandb_project'?") == true)
    }

    @Test func typosInsideOtherComponents() throws {
        let file = try derived(from: fixture("stage1"), """
            ae = dict(latent_chanels=16)
            t5 = dict(max_lenght=300)
            optim = dict(weight_decai=0.1)
            dataset = dict(fps_mx=30)
            """)
        let found = messages(try load(file))
        #expect(found.count == 4)
        for hint in ["'latent_channels'", "'max_length'", "'weight_decay'", "'fps_max'"] {
            #expect(found.contains { $0.contains("did you mean \(hint)") }, "no suggestion \(hint) in \(found)")
        }
    }

    @Test func wrongValues() throws {
        let file = try derived(from: fixture("stage1"), """
            plugin = "zero3"
            dtype = "bfloat16"
            model = dict(axes_dim=[16, 56])
            """)
        let found = messages(try load(file))
        #expect(found.count == 3)
        #expect(found.contains { $0.contains("plugin: expected one of zero2, zero1, hybrid, found 'zero3'") })
        #expect(found.contains { $0.contains("dtype: expected one of bf16, fp16, fp32") })
        #expect(found.contains { $0.contains("model.axes_dim: expected 3 items") })
    }

    // MARK: - Combinations Open-Sora's trainer fails on

    @Test func crossKeyChecks() throws {
        let cases: [(String, String, String)] = [
            ("stage1", "model = dict(cond_embed=True)\n", "model.cond_embed is true but condition_config is null"),
            ("high_compression", "model = dict(in_channels=64)\n", "model.in_channels is 64, but the dc_ae's 128 latent channels in 1×1 patches give 128"),
            ("high_compression", "model = dict(patch_size=2)\n", "patch_size is 1 but model.patch_size is 2"),
            ("image", "dropout_ratio = dict(t6=0.1)\n", "unknown text encoder 't6'; did you mean 't5'?"),
            ("stage1_i2v", "condition_config = dict(i2v_haed=1)\n", "unknown conditioning mode 'i2v_haed'; did you mean 'i2v_head'?"),
            ("image", "plugin_config = dict(sp_size=2)\n", "plugin_config.sp_size is 2, but the zero2 plugin has no sequence parallelism"),
            ("image", "model = dict(num_heads=25)\n", "num_heads 25 does not divide hidden_size 3072"),
            ("image", "model = dict(axes_dim=[16, 56, 64])\n", "axes_dim sums to 136"),
            ("image", "cached_video = True\n", "cached_video needs a dataset that returns the stored tensors"),
            ("image", "clip = dict(shardformer=True)\n", "Shardformer is for T5 only"),
        ]
        for (base, body, expected) in cases {
            let found = messages(try load(try derived(from: fixture(base), body)))
            #expect(found.count == 1 && found[0].contains(expected), "\(body): \(found)")
        }
        // The stored-latent dataset makes cached_video valid.
        let cached = try derived(from: fixture("image"), """
            cached_video = True
            dataset = dict(type="cached_video_text", cached_video=True)
            """)
        #expect(messages(try load(cached)).isEmpty)
    }

    // MARK: - strata's own configs and the engine boundary

    @Test(arguments: ["image", "stage1", "stage2", "stage1_i2v", "stage2_i2v", "demo"])
    func strataConfigsStayOnStrata(stage: String) throws {
        let root = try load(repoPath("configs/train/\(stage).yaml"))
        #expect(Registry.standard.engine(of: root) == .strata)
        #expect(messages(root).isEmpty)
    }

    @Test func anOpenSoraAutoencoderUnderAStrataModelIsRefused() throws {
        let file = try derived(from: repoPath("configs/train/image.yaml"), "ae:\n  _delete_: true\n  type: hunyuan_vae\n", name: "stage.yaml")
        let found = messages(try load(file))
        #expect(found.count == 1)
        #expect(found.first?.contains("ae.type: ae type 'hunyuan_vae' runs on Open-Sora's trainer, but this stage runs on strata's CPU engine") == true)
    }

    @Test func aStrataOptimizerUnderFluxIsRefused() throws {
        let file = try derived(from: fixture("image"), "optim = dict(_delete_=True, type=\"sgd\", lr=0.1)\n")
        let found = messages(try load(file))
        #expect(found.count == 1)
        #expect(found.first?.contains("optimizer type 'sgd' runs on strata's CPU engine, but this stage runs on Open-Sora's trainer") == true)
    }

    // MARK: - The registry

    @Test func registeredTypes() throws {
        let registry = Registry.standard
        let expected: [(Category, [String])] = [
            (.model, ["flux"]), (.ae, ["hunyuan_vae", "dc_ae", "autoencoder_2d"]), (.text_encoder, ["text_embedder"]),
            (.dataset, ["text", "video_text", "cached_video_text"]), (.optimizer, ["HybridAdam"]), (.bucket, ["bucket_config"]),
            (.lr_scheduler, []),
        ]
        for (category, names) in expected {
            #expect(registry.names(in: category, engine: .opensora) == names, "\(category)")
            for name in names { #expect(registry.lookUp(name, in: category, engine: .opensora)?.engine == .opensora) }
        }
        #expect(registry.lookUp("flux", in: .model, engine: .opensora) != nil)
        #expect(registry.lookUp("flux", in: .model, engine: .strata) == nil)
        // The same names mean each engine's own type.
        #expect(registry.lookUp("HybridAdam", in: .optimizer, engine: .strata)?.name == "adamw")
        #expect(registry.lookUp("HybridAdam", in: .optimizer, engine: .opensora)?.name == "HybridAdam")
        #expect(registry.lookUp("video_text", in: .dataset, engine: .opensora)?.parameter("rand_sample_interval") != nil)
        #expect(registry.lookUp("video_text", in: .dataset, engine: .strata)?.parameter("rand_sample_interval") == nil)
        #expect(registry.stageSchema(for: .opensora).engine == .opensora)
        #expect(registry.stageSchema(for: .opensora).parameter("lr_scheduler") == nil)
        #expect(registry.stageSchema(for: .strata).parameter("plugin") == nil)
    }

    @Test func everyKeyOpenSorasTrainerReadsIsDeclared() throws {
        let read = [
            "dataset", "bucket_config", "model", "ae", "t5", "clip", "optim", "plugin", "plugin_config", "grad_ckpt_settings",
            "dropout_ratio", "is_causal_vae", "lr", "eps", "warmup_steps", "update_warmup_steps", "grad_clip", "accumulation_steps",
            "ema_decay", "prefetch_factor", "num_workers", "num_bucket_build_workers", "dtype", "grad_checkpoint",
            "pin_memory_cache_pre_alloc_numels", "async_io", "seed", "outputs", "epochs", "log_every", "ckpt_every", "keep_n_latest",
            "wandb_project", "save_master_weights", "load_master_weights", "wandb", "exp_name", "load", "start_epoch", "start_step",
            "batch_size", "lora_config", "lora_checkpoint", "cached_video", "cached_text", "use_cosine_scheduler", "initial_lr",
            "warmup_ae", "sigma_min", "condition_config", "patch_size", "no_i2v_ref_loss", "guidance", "grad_ckpt_buffer_size",
            "ae_spatial_compression", "record_time", "record_barrier", "nsys", "nsys_warmup_steps", "nsys_num_steps", "config_path",
            "stage", "init_from", "declared_changes",
        ]
        let schema = Registry.standard.stageSchema(for: .opensora)
        for key in read { #expect(schema.parameter(key) != nil, "\(key) is not declared") }
        // What a config must have for the trainer to start; everything else has Open-Sora's default.
        let required = schema.parameters.filter { $0.defaultValue == nil }.map(\.name)
        #expect(required == ["dataset", "bucket_config", "model", "ae", "t5", "clip", "optim", "plugin_config"])
        for type in Category.allCases.flatMap({ Registry.standard.types(in: $0, engine: .opensora) }) + [schema] {
            for parameter in type.parameters { #expect(!parameter.doc.isEmpty, "\(type.name).\(parameter.name) has no doc") }
        }
    }
}
