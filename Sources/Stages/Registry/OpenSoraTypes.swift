import ConfigLang

/// Open-Sora 2.0's registered types (its MODELS and DATASETS registries, and the optimizer
/// `create_optimizer` builds), as schemas of what its trainer reads. Run by Open-Sora's trainer.
///
/// Names, types and defaults follow Open-Sora's constructors and builder functions (defaults are
/// what a config that leaves a parameter out gets from Open-Sora's code); a parameter without a
/// default is one Open-Sora's constructor cannot do without. The models, autoencoders and text
/// encoders are in OpenSoraModels.swift.
enum OpenSoraTypes {
    static var all: [TypeSchema] {
        [textDataset, videoTextDataset, cachedVideoTextDataset, bucket, hybridAdam]
            + [flux, hunyuanVAE, dcAE, autoencoder2D, textEmbedder]
    }

    // MARK: - Datasets (opensora/datasets/datasets.py)

    /// The keyword arguments every dataset takes (TextDataset's).
    private static let tableParameters: [Parameter] = [
        p("data_path", .optional(.path), .null, .operational, "The sample table (.csv or .parquet); Open-Sora's configs leave it to the command line (--dataset.data_path …) and its trainer cannot start without one. Its content, not its path, counts in the fingerprint."),
        p("fps_max", .optional(.int(.positive)), .int(16), .result, "Frame-rate cap: faster clips are read with a frame stride and the caption says the resulting fps (null: no cap, no fps in captions)."),
        p("vmaf", .bool, .bool(false), .result, "Append the clip's motion score (column score_vmafmotion) to its caption."),
        p("memory_efficient", .bool, .bool(false), .operational, "Load only the columns bucketing needs (parquet tables only)."),
    ]

    /// What VideoTextDataset adds.
    private static let videoParameters: [Parameter] = [
        p("transform_name", .optional(.choice(["resize_crop", "center", "rand_size_crop"])), .null, .result, "How frames are fitted to the bucket's size; Open-Sora's configs use resize_crop (null: no transform, which the loader cannot batch)."),
        p("bucket_class", .choice(["Bucket"]), .string("Bucket"), .operational, "The bucket implementation; the sampler accepts only Bucket."),
        p("rand_sample_interval", .optional(.int(.positive)), .null, .result, "Draw each clip's frame stride at random up to this value instead of deriving it from fps_max (null: derived)."),
    ]

    static let textDataset = TypeSchema(.dataset, "text", engine: .opensora, doc: "Captions (and sample metadata) from a table, without pixels (Open-Sora's TextDataset).",
                                        parameters: tableParameters, checks: [tableFileCheck])

    static let videoTextDataset = TypeSchema(.dataset, "video_text", engine: .opensora, doc: "Images and video clips with captions from a table, cut to the sampler's bucket shapes (Open-Sora's VideoTextDataset).",
                                             parameters: tableParameters + videoParameters, checks: [tableFileCheck])

    static let cachedVideoTextDataset = TypeSchema(.dataset, "cached_video_text", engine: .opensora, doc: "video_text plus precomputed latents and text embeddings named in the table's latents_path, text_t5_path and text_clip_path columns (Open-Sora's CachedVideoTextDataset).", parameters: tableParameters + videoParameters + [
        p("cached_video", .bool, .bool(false), .result, "Return each sample's stored video latent (pair with the top-level cached_video)."),
        p("cached_text", .bool, .bool(false), .result, "Return each sample's stored T5 and CLIP embeddings (pair with the top-level cached_text)."),
        p("return_latents_path", .bool, .bool(false), .operational, "Also return the paths of the stored tensors."),
        p("load_original_video", .bool, .bool(true), .result, "Decode the pixels as well; the trainer needs them, so keep true for training."),
    ], checks: [tableFileCheck])

    /// read_file accepts .csv and .parquet, and memory_efficient only with parquet.
    private static let tableFileCheck: @Sendable (ConfigMapping) -> SchemaIssue? = { entries in
        guard let path = stringValue(entries["data_path"]) else { return nil }
        let lowered = path.lowercased()
        if !lowered.hasSuffix(".csv") && !lowered.hasSuffix(".parquet") {
            return SchemaIssue(key: "data_path", message: "Open-Sora reads .csv and .parquet tables only, found '\(path)'")
        }
        if lowered.hasSuffix(".csv"), boolValue(entries["memory_efficient"]) == true {
            return SchemaIssue(key: "memory_efficient", message: "memory_efficient needs a .parquet table; Open-Sora refuses it with a CSV ('\(path)')")
        }
        return nil
    }

    // MARK: - Buckets and optimizer

    /// strata's bucket-table schema, for stages Open-Sora's trainer runs (the format is Open-Sora's).
    static let bucket: TypeSchema = {
        var schema = BucketTable.schema
        schema.engine = .opensora
        return schema
    }()

    static let hybridAdam = TypeSchema(.optimizer, "HybridAdam", engine: .opensora, doc: "ColossalAI's HybridAdam (fused Adam on GPU, CPU Adam for offloaded parameters); the only class Open-Sora's create_optimizer accepts as cls.", parameters: [
        p("lr", .float(.positive), .float(1e-3), .result, "Learning rate after warmup (Open-Sora's configs set it from their top-level lr)."),
        p("betas", .tuple([.float(probabilityBelowOne), .float(probabilityBelowOne)]), tuple(.float(0.9), .float(0.999)), .result, "Decay rates of the first and second moment estimates."),
        p("eps", .float(.positive), .float(1e-8), .result, "Term added to the denominator for stability."),
        p("weight_decay", .float(.nonNegative), .float(0), .result, "Weight decay: decoupled with adamw_mode, an L2 term in the gradient without."),
        p("adamw_mode", .bool, .bool(true), .result, "AdamW (decoupled weight decay) rather than Adam with L2."),
        p("bias_correction", .bool, .bool(true), .result, "Correct the moment estimates for their zero start."),
        p("nvme_offload_fraction", .float(.unit), .float(0), .operational, "Share of optimizer states kept on NVMe."),
        p("nvme_offload_dir", .optional(.path), .null, .operational, "Folder for NVMe-offloaded states (null: a temporary folder)."),
    ])

    static let probabilityBelowOne = NumberRange(lower: 0, upper: 1, upperInclusive: false)
}

// MARK: - Helpers shared by the Open-Sora schemas

extension OpenSoraTypes {
    static func p(_ name: String, _ type: ParameterType, _ value: ConfigValue?, _ role: ParameterRole, _ doc: String) -> Parameter {
        Parameter(name, type, default: value, role: role, doc)
    }

    static func node(_ value: ConfigValue) -> ConfigNode {
        ConfigNode(value, location: nil, history: [])
    }

    static func tuple(_ values: ConfigValue...) -> ConfigValue { .tuple(values.map(node)) }

    static func list(_ values: ConfigValue...) -> ConfigValue { .list(values.map(node)) }

    static func intValue(_ node: ConfigNode?) -> Int64? {
        if case .int(let number)? = node?.value { return number }
        return nil
    }

    static func boolValue(_ node: ConfigNode?) -> Bool? {
        if case .bool(let flag)? = node?.value { return flag }
        return nil
    }

    static func stringValue(_ node: ConfigNode?) -> String? {
        if case .string(let text)? = node?.value { return text }
        return nil
    }

    static func mappingValue(_ node: ConfigNode?) -> ConfigMapping? { node?.value.mapping }

    /// The first key of a table that is not among `allowed`, as a message with a did-you-mean.
    static func unknownKey(in node: ConfigNode?, allowed: [String], what: String) -> String? {
        guard let entries = mappingValue(node) else { return nil }
        for key in entries.keys where !allowed.contains(key.description) {
            let hint = Suggestions.closest(to: key.description, among: allowed).map { "; did you mean '\($0)'?" } ?? ""
            return "unknown \(what) '\(key)'\(hint) (Open-Sora knows: \(allowed.joined(separator: ", ")))"
        }
        return nil
    }
}
