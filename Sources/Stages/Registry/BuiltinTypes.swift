import ConfigLang

/// The types strata's training engine implements, with their declared parameters. The names match
/// the implementations; the defaults are what a config that omits the parameter gets.
enum BuiltinTypes {
    static var all: [TypeSchema] {
        [videoText, BucketTable.schema, dit, adamw, sgd, constant, cosine, identityAE, precomputedAE, hashedText, precomputedText]
    }

    private static func p(_ name: String, _ type: ParameterType, _ value: ConfigValue?, _ role: ParameterRole, _ doc: String) -> Parameter {
        Parameter(name, type, default: value, role: role, doc)
    }

    private static func tuple(_ values: ConfigValue...) -> ConfigValue {
        .tuple(values.map { ConfigNode($0, location: nil, history: []) })
    }

    static let videoText = TypeSchema(.dataset, "video_text", doc: "Video/image clips with captions from a CSV table (Open-Sora's VideoTextDataset).", parameters: [
        p("data_path", .optional(.path), .null, .operational, "The dataset table (CSV); its content, not its path, counts in the fingerprint."),
        p("transform_name", .choice(["resize_crop", "center", "rand_size_crop"]), .string("resize_crop"), .result, "How a frame is brought to the bucket's size."),
        p("fps_max", .int(.positive), .int(24), .result, "Highest training frame rate; faster clips are sub-sampled."),
        p("vmaf", .bool, .bool(false), .result, "Append the motion score (column score_vmafmotion) to captions."),
        p("memory_efficient", .bool, .bool(false), .operational, "Keep only the needed columns in memory."),
    ])

    static let dit = TypeSchema(.model, "dit", doc: "A small diffusion transformer over patchified latents.", parameters: [
        p("from_pretrained", .optional(.path), .null, .result, "Weights to start from instead of the upstream stage's (a .safetensors file or checkpoint folder)."),
        p("in_channels", .int(.positive), .int(3), .weights, "Channels of the latent the model sees (before condition channels)."),
        p("patch_size", .tuple([.int(.positive), .int(.positive), .int(.positive)]), tuple(.int(1), .int(2), .int(2)), .weights, "Patch extent (frames, height, width)."),
        p("hidden_size", .int(.positive), .int(64), .weights, "Width of the transformer."),
        p("depth", .int(.positive), .int(2), .weights, "Number of transformer blocks."),
        p("num_heads", .int(.positive), .int(4), .weights, "Attention heads; must divide hidden_size."),
        p("mlp_ratio", .float(.positive), .float(4.0), .weights, "Hidden width of the MLP as a multiple of hidden_size."),
        p("text_conditioning", .choice(["adaln_zero", "cross_attention", "in_context"]), .string("adaln_zero"), .weights, "How the text embedding enters the blocks."),
        p("cond_embed", .bool, .bool(false), .weights, "Extra input channels for i2v conditioning (mask + masked latent)."),
        p("axes_dim", .optional(.tuple([.int(.positive), .int(.positive), .int(.positive)])), .null, .weights, "Rotary position widths of a head for time, height and width (Open-Sora 2.0's); they add up to hidden_size / num_heads. Null: fixed sin-cos positions added to the patches."),
        p("theta", .int(.positive), .int(10_000), .weights, "Base of the rotary position frequencies."),
        p("pooled_text", .bool, .bool(false), .weights, "With in_context or cross_attention text, also add the pooled caption to the timestep vector that drives every block's modulation (Flux's vector_in)."),
        p("sincos_layout", .choice(["summed", "split"]), .string("summed"), .weights, "How the fixed sin-cos positions share a token's features: summed adds a frame table onto the row and column tables (Open-Sora 1.0); split gives time its own quarter (CogVideoX). Not used with axes_dim."),
        p("grad_ckpt_settings", .any, .null, .ignored, "Open-Sora's activation-checkpointing setting; accepted and ignored (the CPU engine keeps activations)."),
    ], checks: [{ entries in
        guard case .int(let width)? = entries["hidden_size"]?.value, case .int(let heads)? = entries["num_heads"]?.value,
              heads > 0, width % heads != 0 else { return nil }
        return SchemaIssue(key: "num_heads", message: "num_heads \(heads) does not divide hidden_size \(width)")
    }, { entries in
        // Rotary bands split each head: they must be even and fill it exactly.
        guard let axes = entries["axes_dim"]?.value.sequenceItems?.compactMap({ item -> Int? in
                  if case .int(let value) = item.value { return Int(value) } else { return nil } }),
              case .int(let width)? = entries["hidden_size"]?.value, case .int(let heads)? = entries["num_heads"]?.value,
              heads > 0, width % heads == 0 else { return nil }
        if let odd = axes.first(where: { $0 % 2 != 0 }) {
            return SchemaIssue(key: "axes_dim", message: "axes_dim \(axes) has the odd width \(odd): rotary features turn in pairs")
        }
        guard axes.reduce(0, +) != Int(width / heads) else { return nil }
        return SchemaIssue(key: "axes_dim", message: "axes_dim \(axes) adds up to \(axes.reduce(0, +)) but a head has hidden_size / num_heads = \(width / heads) features")
    }, { entries in
        guard case .string("split")? = entries["sincos_layout"]?.value, let axes = entries["axes_dim"]?.value, axes.sequenceItems != nil else { return nil }
        return SchemaIssue(key: "sincos_layout", message: "split lays out the sin-cos positions, which rotary positions (axes_dim) replace")
    }])

    static let adamw = TypeSchema(.optimizer, "adamw", aliases: ["HybridAdam", "AdamW"], doc: "Adam with decoupled weight decay (Open-Sora's HybridAdam).", parameters: [
        p("lr", .float(.positive), .float(1e-4), .result, "Learning rate after warmup."),
        p("betas", .tuple([.float(NumberRange(lower: 0, upper: 1, upperInclusive: false)), .float(NumberRange(lower: 0, upper: 1, upperInclusive: false))]), tuple(.float(0.9), .float(0.999)), .result, "Moment decay rates."),
        p("eps", .float(.positive), .float(1e-8), .result, "Added to the denominator."),
        p("weight_decay", .float(.nonNegative), .float(0), .result, "Decoupled weight decay (L2 penalty when adamw_mode is false)."),
        p("adamw_mode", .bool, .bool(true), .result, "Decoupled decay (AdamW) rather than L2 in the gradient (Adam)."),
    ])

    static let sgd = TypeSchema(.optimizer, "sgd", aliases: ["SGD"], doc: "Stochastic gradient descent with optional momentum.", parameters: [
        p("lr", .float(.positive), .float(1e-2), .result, "Learning rate after warmup."),
        p("momentum", .float(NumberRange(lower: 0, upper: 1, upperInclusive: false)), .float(0), .result, "Momentum factor."),
        p("nesterov", .bool, .bool(false), .result, "Nesterov momentum."),
        p("weight_decay", .float(.nonNegative), .float(0), .result, "L2 penalty added to the gradient."),
    ])

    static let constant = TypeSchema(.lr_scheduler, "constant", doc: "Constant learning rate after the top-level warmup_steps (Open-Sora's default).", parameters: [])

    static let cosine = TypeSchema(.lr_scheduler, "cosine", doc: "Cosine decay over all training steps after the top-level warmup_steps.", parameters: [
        p("eta_min", .float(.nonNegative), .float(0), .result, "Learning rate at the end of training."),
    ])

    static let identityAE = TypeSchema(.ae, "identity", doc: "No autoencoder: the latent is the pixels, folded space-to-depth.", parameters: [
        p("space_to_depth", .int(.atLeast(1)), .int(1), .weights, "Spatial fold factor s: latent channels = 3·s², size divided by s."),
    ])

    static let precomputedAE = TypeSchema(.ae, "precomputed", doc: "Latents read from files named in a table column (Open-Sora's cached_video): no video is decoded.", parameters: [
        p("column", .string, .string("latent"), .result, "The table column holding each sample's latent file (.safetensors, relative to the table's folder)."),
        p("key", .string, .string("latents"), .result, "The tensor to read from each file (a file with one tensor may name it otherwise)."),
        p("spatial_compression", .int(.positive), .int(1), .result, "Pixels per latent cell along height and width: a bucket of H×W pixels expects latents of H/s × W/s."),
        p("temporal_compression", .int(.positive), .int(1), .result, "Frames per latent frame: T frames expect (T − 1)/t + 1 latent frames (a causal video autoencoder's count)."),
    ])

    static let hashedText = TypeSchema(.text_encoder, "hashed_text", doc: "Feature-hashed tokens: a text embedding that needs no download.", parameters: [
        p("dim", .int(.positive), .int(64), .weights, "Embedding width."),
        p("max_length", .int(.positive), .int(32), .weights, "Tokens kept per caption."),
        p("ngram", .int(NumberRange(lower: 1, upper: 2)), .int(2), .weights, "1: hashed words; 2: words plus the pair with the word before (word order)."),
    ])

    static let precomputedText = TypeSchema(.text_encoder, "precomputed", doc: "Text embeddings read from files named in a table column (Open-Sora's cached_text).", parameters: [
        p("column", .string, .string("text_embedding"), .result, "The table column holding each sample's embedding file (.safetensors, relative to the table's folder)."),
        p("dim", .int(.positive), nil, .weights, "Embedding width of the stored embeddings."),
        p("max_length", .int(.positive), .int(32), .result, "Rows every embedding is cut or zero-padded to (padding masked out), so a batch stacks."),
        p("key", .string, .string("text"), .result, "The tensor to read from each file (a file with one tensor may name it otherwise); an optional 'mask' tensor marks valid rows."),
        p("null_path", .optional(.path), .null, .result, "The embedding classifier-free dropout substitutes (Open-Sora: the encoding of \"\"); null: zero rows, the first masked in."),
    ])
}
