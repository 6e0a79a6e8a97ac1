import ConfigLang

/// The top-level keys of a stage run by Open-Sora 2.0's `scripts/diffusion/train.py`: every key
/// its configs set and every key the script reads (itself, through `parse_configs` and through the
/// helpers it hands config values to), with the default its code uses when the key is absent.
/// Keys the command line usually supplies (`load`, `wandb`, `exp_name`, …) are here too, so a
/// config may also set them. Open-Sora's diffusion trainer reads no `lr_scheduler`: warmup_steps
/// and use_cosine_scheduler choose the schedule.
enum OpenSoraStageSchema {
    private static func p(_ name: String, _ type: ParameterType, _ value: ConfigValue?, _ role: ParameterRole, _ doc: String) -> Parameter {
        Parameter(name, type, default: value, role: role, doc)
    }

    private static func component(_ name: String, _ category: Category, _ doc: String) -> Parameter {
        Parameter(name, .component(category), default: nil, role: .result, doc)
    }

    /// The conditioning modes Open-Sora's i2v/v2v condition builders know.
    static let conditionModes = ["t2v", "i2v_head", "i2v_loop", "i2v_tail", "v2v_head", "v2v_tail", "v2v_head_easy", "v2v_tail_easy"]

    static let schema = TypeSchema(nil, "stage", engine: .opensora, doc: "The top level of a stage config run by Open-Sora's trainer.", parameters: graph + components + training + system + commandLine, checks: checks)

    /// strata's stage-graph keys; Open-Sora's files leave them out (strata supplies them from
    /// Open-Sora's stage chain) and its trainer never sees them.
    private static let graph: [Parameter] = [
        p("stage", .optional(.string), .null, .operational, "The name of this stage in the stage graph (null: the experiment's name for it)."),
        p("init_from", .optional(.string), .null, .operational, "The stage whose final weights this stage starts from (null: a root stage)."),
        p("declared_changes", .list(.string), .list([]), .operational, "Weight-shaping keys this stage changes relative to init_from (e.g. model.cond_embed)."),
    ]

    private static let components: [Parameter] = [
        component("dataset", .dataset, "The training data (`type`: video_text, cached_video_text or text)."),
        Parameter("bucket_config", .component(.bucket), default: nil, role: .result, "{resolution: {num_frames: (keep probability, batch size per GPU)}}: the shapes trained on."),
        component("model", .model, "The diffusion model trained."),
        component("ae", .ae, "The frozen autoencoder that turns pixels into latents (unused with cached_video, but still required here)."),
        component("t5", .text_encoder, "The text encoder whose token embeddings condition the model (unused with cached_text, but still required here)."),
        component("clip", .text_encoder, "The text encoder whose pooled vector conditions the model (unused with cached_text, but still required here)."),
        component("optim", .optimizer, "The optimizer, named by `cls:` (Open-Sora's spelling) or `type:`."),
    ]

    private static let training: [Parameter] = [
        p("grad_ckpt_settings", .optional(.tuple([.int(.nonNegative), .int(.nonNegative)])), .null, .operational, "Helper the configs copy into model.grad_ckpt_settings; the trainer reads the model's copy."),
        p("dropout_ratio", .optional(.table(.float(.unit))), .null, .result, "Probability per sample of replacing the T5 (`t5`) or CLIP (`clip`) embedding by that of the empty caption, for classifier-free guidance (null: never)."),
        p("is_causal_vae", .bool, .bool(false), .result, "Build i2v/v2v conditions the way a causal autoencoder needs (the first frame encodes alone)."),
        p("condition_config", .optional(.table(.float(.nonNegative))), .null, .result, "Relative weights of the conditioning modes drawn per sample (t2v, i2v_head, i2v_loop, i2v_tail, v2v_…); null: text-to-video only, no condition input."),
        p("lr", .optional(.float(.positive)), .null, .operational, "Helper the configs copy into optim.lr when the file is read; the trainer reads only optim.lr."),
        p("eps", .optional(.float(.positive)), .null, .operational, "Helper the configs copy into optim.eps; the trainer reads only optim.eps."),
        p("warmup_steps", .optional(.int(.nonNegative)), .null, .result, "Steps of linear warmup from 1e-6 to optim.lr (null, without use_cosine_scheduler: no schedule at all)."),
        p("update_warmup_steps", .bool, .bool(false), .operational, "On resume, restart the schedule at the resumed step instead of restoring its saved state (needs warmup_steps)."),
        p("use_cosine_scheduler", .bool, .bool(false), .result, "Cosine decay over all epochs after the warmup instead of a constant rate."),
        p("initial_lr", .optional(.float(.nonNegative)), .null, .result, "On resume, the rate the warmup restarts from (null: as saved)."),
        p("grad_clip", .float(.nonNegative), .float(0), .result, "Largest global gradient norm (0: no clipping)."),
        p("accumulation_steps", .int(.positive), .int(1), .result, "Micro-batches per optimizer step."),
        p("ema_decay", .optional(.float(.unit)), .null, .result, "Decay of an EMA copy of the weights kept on the side (null: none)."),
        p("sigma_min", .float(OpenSoraTypes.probabilityBelowOne), .float(1e-5), .result, "Noise floor of the rectified-flow path at t = 0."),
        p("patch_size", .int(.positive), .int(2), .result, "Latent patch size the trainer packs latents with; equals model.patch_size."),
        p("guidance", .float(NumberRange()), .float(4), .result, "Guidance strength fed to a guidance-embedding model."),
        p("no_i2v_ref_loss", .bool, .bool(false), .result, "Leave the conditioning (given) latent frames out of the loss."),
        p("ae_spatial_compression", .optional(.int(.positive)), .null, .result, "Pixels per latent patch side the bucket sizes are rounded to (null: 16); exported as AE_SPATIAL_COMPRESSION."),
        p("cached_video", .bool, .bool(false), .result, "Train on the dataset's stored latents instead of encoding video (needs dataset type cached_video_text with cached_video)."),
        p("cached_text", .bool, .bool(false), .result, "Train on the dataset's stored text embeddings instead of running T5 and CLIP (needs cached_video_text with cached_text)."),
        p("lora_config", .optional(.table(.any)), .null, .result, "Keyword arguments of a PEFT LoraConfig: train LoRA adapters instead of the full model (null: full training)."),
        p("lora_checkpoint", .optional(.path), .null, .result, "LoRA adapter weights to start from."),
        p("dtype", .choice(["bf16", "fp16", "fp32"]), .string("bf16"), .result, "Precision of the model and of mixed-precision training."),
        p("seed", .int(NumberRange()), .int(1024), .result, "Seed of the global RNGs, the sampler and the data workers."),
        p("epochs", .int(.positive), .int(1000), .result, "Passes over the data."),
    ]

    private static let system: [Parameter] = [
        p("plugin", .choice(["zero2", "zero1", "hybrid"]), .string("zero2"), .operational, "ColossalAI booster: ZeRO stage 2 or 1, or hybrid (tensor/pipeline/sequence parallel with ZeRO)."),
        Parameter("plugin_config", .table(.any), default: nil, role: .operational, "Keyword arguments of the booster plugin (tp_size, sp_size, zero_stage, reduce_bucket_size_in_m, …); the trainer indexes it directly, so it must be present."),
        p("grad_checkpoint", .bool, .bool(true), .operational, "Turn on activation checkpointing (as model.grad_ckpt_settings says)."),
        p("grad_ckpt_buffer_size", .int(.nonNegative), .int(0), .operational, "Elements of pinned host memory, in dtype, for offloaded activations (0: none)."),
        p("pin_memory_cache_pre_alloc_numels", .optional(.list(.int(.nonNegative))), .null, .operational, "Element counts of pinned batch buffers allocated up front; set: use the pinned-cache data loader."),
        p("num_workers", .int(.nonNegative), .int(4), .operational, "Data-loader worker processes."),
        p("prefetch_factor", .optional(.int(.positive)), .null, .operational, "Batches each worker prepares ahead (null: PyTorch's default)."),
        p("num_bucket_build_workers", .int(.positive), .int(1), .operational, "Processes that assign samples to buckets before training."),
        p("batch_size", .optional(.int(.positive)), .null, .operational, "Only recorded in checkpoints; batch sizes come from bucket_config."),
        p("async_io", .bool, .bool(false), .operational, "Write checkpoints asynchronously."),
        p("outputs", .path, .string("./outputs"), .operational, "Root of the experiment folders."),
        p("exp_name", .optional(.string), .null, .operational, "Experiment folder name under outputs (null: a timestamp and the config's name)."),
        p("log_every", .int(.positive), .int(1), .operational, "Log every N optimizer steps."),
        p("ckpt_every", .int(.nonNegative), .int(0), .operational, "Save a checkpoint every N optimizer steps (0: never; Open-Sora writes no final weights)."),
        p("keep_n_latest", .int(NumberRange()), .int(-1), .operational, "Checkpoints kept; older ones are emptied (≤ 0: all kept)."),
        p("save_master_weights", .bool, .bool(false), .operational, "Also save the fp32 master weights."),
        p("load_master_weights", .bool, .bool(false), .operational, "On resume, also load the fp32 master weights."),
        p("wandb", .bool, .bool(false), .operational, "Log to Weights & Biases."),
        p("wandb_project", .string, .string("Open-Sora"), .operational, "Weights & Biases project."),
        p("warmup_ae", .bool, .bool(false), .operational, "Run the autoencoder once per bucket shape before training (reads ae.batch_size)."),
    ]

    /// Usually given on the command line; resume position and profiling.
    private static let commandLine: [Parameter] = [
        p("load", .optional(.path), .null, .operational, "Checkpoint folder to resume from (strata passes --load itself when it resumes)."),
        p("start_epoch", .optional(.int(.nonNegative)), .null, .operational, "Epoch to resume at instead of the checkpoint's."),
        p("start_step", .optional(.int(.nonNegative)), .null, .operational, "Step to resume at instead of the checkpoint's (the sampler state is then not loaded)."),
        p("config_path", .optional(.path), .null, .ignored, "Set by Open-Sora to the config file it read, replacing any value here."),
        p("record_time", .bool, .bool(false), .ignored, "Time each phase of a step and print it."),
        p("record_barrier", .bool, .bool(false), .ignored, "Synchronise the processes around each timed phase."),
        p("nsys", .bool, .bool(false), .ignored, "Mark steps for the Nsight Systems profiler."),
        p("nsys_warmup_steps", .int(.nonNegative), .int(2), .ignored, "Steps before Nsight profiling starts."),
        p("nsys_num_steps", .int(.positive), .int(2), .ignored, "Steps Nsight profiles."),
    ]

    // MARK: - Checks across keys: combinations Open-Sora's trainer fails on

    private typealias T = OpenSoraTypes

    private static let checks: [@Sendable (ConfigMapping) -> SchemaIssue?] = [
        { entries in
            T.unknownKey(in: entries["dropout_ratio"], allowed: ["t5", "clip"], what: "text encoder").map {
                SchemaIssue(key: "dropout_ratio", message: "\($0); the trainer reads only these and would silently never drop the others")
            }
        },
        { entries in
            if let problem = T.unknownKey(in: entries["condition_config"], allowed: conditionModes, what: "conditioning mode") {
                return SchemaIssue(key: "condition_config", message: problem)
            }
            guard let modes = T.mappingValue(entries["condition_config"]) else { return nil }
            let total = modes.values.reduce(0.0) { sum, node in
                if case .float(let weight) = node.value { return sum + weight }
                if case .int(let weight) = node.value { return sum + Double(weight) }
                return sum
            }
            return total > 0 ? nil : SchemaIssue(key: "condition_config", message: "the conditioning weights sum to 0; give at least one mode a positive weight")
        },
        { entries in
            guard let plugin = T.stringValue(entries["plugin"]), plugin != "hybrid",
                  let sp = T.intValue(T.mappingValue(entries["plugin_config"])?["sp_size"]), sp != 1 else { return nil }
            return SchemaIssue(key: "plugin_config", message: "plugin_config.sp_size is \(sp), but the \(plugin) plugin has no sequence parallelism; use plugin = \"hybrid\" or sp_size = 1")
        },
        { entries in
            guard let model = T.mappingValue(entries["model"]), T.boolValue(model["cond_embed"]) == true else { return nil }
            guard T.mappingValue(entries["condition_config"]) != nil else {
                return SchemaIssue(key: "model", message: "model.cond_embed is true but condition_config is null: the model would get no condition input and Open-Sora stops; set condition_config (e.g. {t2v: 1, i2v_head: 5})")
            }
            if let mine = T.intValue(model["patch_size"]), let packed = T.intValue(entries["patch_size"]), mine != packed {
                return SchemaIssue(key: "patch_size", message: "patch_size is \(packed) but model.patch_size is \(mine): the condition layer is sized for the model's and the packed condition has the other; make them equal")
            }
            return nil
        },
        { entries in
            guard T.boolValue(entries["cached_video"]) != true, let model = T.mappingValue(entries["model"]),
                  let ae = T.mappingValue(entries["ae"]), let channels = T.latentChannels(of: ae),
                  let inChannels = T.intValue(model["in_channels"]), let patch = T.intValue(entries["patch_size"]) else { return nil }
            let expected = channels * patch * patch
            return inChannels == expected ? nil : SchemaIssue(key: "model", message: "model.in_channels is \(inChannels), but the \(T.stringValue(ae["type"]) ?? "autoencoder")'s \(channels) latent channels in \(patch)×\(patch) patches give \(expected)")
        },
        { entries in
            T.boolValue(entries["warmup_ae"]) == true
                ? SchemaIssue(key: "warmup_ae", message: "Open-Sora's autoencoder warmup reads ae.batch_size, which none of its autoencoders accepts as a parameter, so the trainer cannot run with it; leave warmup_ae false")
                : nil
        },
        { entries in
            let dataset = T.mappingValue(entries["dataset"])
            for flag in ["cached_video", "cached_text"] where T.boolValue(entries[.string(flag)]) == true {
                guard let dataset, T.stringValue(dataset["type"]) == "cached_video_text", T.boolValue(dataset[.string(flag)]) == true else {
                    return SchemaIssue(key: flag, message: "\(flag) needs a dataset that returns the stored tensors: type cached_video_text with \(flag)=True")
                }
            }
            return nil
        },
    ]
}
