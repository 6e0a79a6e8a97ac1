import ConfigLang

/// The top-level keys of a stage config: Open-Sora 2.0's training keys that strata reads, the
/// component mappings, and the stage-graph keys (`stage`, `init_from`, `declared_changes`).
enum StageSchema {
    private static func p(_ name: String, _ type: ParameterType, _ value: ConfigValue?, _ role: ParameterRole, _ doc: String) -> Parameter {
        Parameter(name, type, default: value, role: role, doc)
    }

    private static func component(_ name: String, _ category: Category, _ doc: String) -> Parameter {
        Parameter(name, .component(category), default: nil, role: .result, doc)
    }

    static let schema = TypeSchema(nil, "stage", doc: "The top level of a stage config.", parameters: [
        p("stage", .string, nil, .operational, "The name of this stage in the stage graph."),
        p("init_from", .optional(.string), .null, .operational, "The stage whose final weights this stage starts from (null: a root stage)."),
        p("declared_changes", .list(.string), .list([]), .operational, "Weight-shaping keys this stage changes relative to init_from (e.g. model.cond_embed)."),
        component("dataset", .dataset, "The training data."),
        Parameter("bucket_config", .component(.bucket), default: nil, role: .result, "{resolution: {num_frames: (keep probability, batch size)}}."),
        component("model", .model, "The model trained."),
        component("ae", .ae, "The autoencoder that makes latents."),
        component("text_encoder", .text_encoder, "The text encoder that makes caption embeddings."),
        component("optim", .optimizer, "The optimizer (`type:` or Open-Sora's `cls:`)."),
        Parameter("lr_scheduler", .component(.lr_scheduler), default: .mapping(["type": ConfigNode(.string("constant"), location: nil, history: [])]), role: .result, "The learning-rate schedule after warmup."),
        p("grad_ckpt_settings", .any, .null, .ignored, "Open-Sora's helper for model.grad_ckpt_settings; accepted and ignored."),
        p("dropout_ratio", .table(.float(.unit)), .mapping([:]), .result, "Per-encoder probability of dropping the caption (classifier-free guidance)."),
        p("transform_scale", .float(.positive), .float(1), .result, "Multiplies the timestep shift α (Open-Sora 1.2's rflow transform_scale) in training and sampling; > 1 favours noisier timesteps."),
        p("sample_method", .choice(["logit-normal", "uniform"]), .string("logit-normal"), .result, "How training draws t before the shift (Open-Sora 1.2's rflow sample_method)."),
        p("prediction", .choice(["velocity", "x0"]), .string("velocity"), .result, "What the model outputs: the velocity (Open-Sora) or the clean latent (JiT's x-prediction), trained and sampled as the velocity it implies."),
        p("patch_mask_ratio", .float(NumberRange(lower: 0, upper: 1, upperInclusive: false)), .float(0), .result, "Share of patches hidden under pure noise in training, which the model must draw from the rest of the picture (MDT/MaskDiT-style masking; needs prediction: x0)."),
        p("frame_mask_ratio", .float(NumberRange(lower: 0, upper: 1, upperInclusive: false)), .float(0), .result, "Share of a video's latent frames hidden whole under pure noise in training, which the model must place from the other frames and the caption (needs prediction: x0)."),
        p("loss_weighting", .choice(["velocity", "x0"]), .string("velocity"), .result, "How each sample's squared velocity error counts: alike (velocity, Open-Sora's), or weighted by its noise level squared, which is the squared error of the clean latent it implies (x0)."),
        p("loss_weight_floor", .float(.unit), .float(0), .result, "With loss_weighting: x0, the least weight a sample gets (its noise level squared otherwise): 0 is the clean latent's error, 1 the velocity loss."),
        p("ae_spatial_compression", .int(.positive), .int(16), .result, "Spatial compression the bucket sizes are rounded to (Open-Sora's AE_SPATIAL_COMPRESSION)."),
        p("is_causal_vae", .bool, .bool(false), .result, "Use the causal variant of the i2v condition builder."),
        p("condition_config", .optional(.table(.float(.nonNegative))), .null, .result, "i2v conditioning modes and their weights (t2v, i2v_head, i2v_loop, i2v_tail, …)."),
        p("lr", .float(.positive), .float(1e-4), .operational, "Helper referenced by optim.lr as ${lr}; the optimizer reads optim.lr."),
        p("eps", .float(.positive), .float(1e-8), .operational, "Helper referenced by optim.eps as ${eps}; the optimizer reads optim.eps."),
        p("warmup_steps", .int(.nonNegative), .int(0), .result, "Linear warmup steps from 1e-6 to the optimizer's lr."),
        p("grad_clip", .optional(.float(.positive)), .float(1.0), .result, "Largest global gradient norm (null: no clipping)."),
        p("accumulation_steps", .int(.positive), .int(1), .result, "Micro-batches per optimizer step."),
        p("ema_decay", .optional(.float(NumberRange(lower: 0, upper: 1, upperInclusive: false))), .null, .result, "Decay of an EMA copy of the weights (null: none)."),
        p("dtype", .choice(["fp32"]), .string("fp32"), .result, "Training precision; the CPU engine trains in fp32."),
        p("seed", .int(NumberRange()), .int(42), .result, "Seed of the sampler, the model's initial weights and the noise."),
        p("epochs", .int(.positive), .int(1), .result, "Passes over the data."),
        p("num_workers", .int(.nonNegative), .int(2), .operational, "Data-loader worker threads."),
        p("prefetch_factor", .int(.positive), .int(2), .operational, "Batches each worker prepares ahead."),
        p("outputs", .path, .string("outputs"), .operational, "Root of the run directories."),
        p("log_every", .int(.positive), .int(10), .operational, "Log every N optimizer steps."),
        p("ckpt_every", .int(.nonNegative), .int(0), .operational, "Checkpoint every N optimizer steps (0: only the final weights)."),
        p("keep_n_latest", .int(.nonNegative), .int(0), .operational, "Checkpoints kept (0: all)."),
    ], checks: [{ entries in
        // A hidden patch's velocity holds noise the model cannot see; its clean latent it can draw.
        guard case .string(let prediction)? = entries["prediction"]?.value, prediction != "x0" else { return nil }
        for key in ["patch_mask_ratio", "frame_mask_ratio"] where isPositive(entries[.string(key)]?.value) {
            return SchemaIssue(key: key, message: "masking needs prediction: x0 (a hidden patch's velocity holds noise the model cannot see)")
        }
        return nil
    }, { entries in
        // The floor bounds the x0 weighting from below; the velocity loss weighs every sample alike.
        guard isPositive(entries["loss_weight_floor"]?.value) else { return nil }
        if case .string("x0")? = entries["loss_weighting"]?.value { return nil }
        return SchemaIssue(key: "loss_weight_floor", message: "a floor needs loss_weighting: x0 (the velocity loss weighs every sample alike)")
    }])

    /// Whether a ratio-like entry is set above 0.
    private static func isPositive(_ value: ConfigValue?) -> Bool {
        switch value {
        case .float(let number)?: number > 0
        case .int(let number)?: number > 0
        default: false
        }
    }
}
