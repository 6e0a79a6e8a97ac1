import ConfigLang

/// Everything the trainer reads from a stage config, as plain values. Built once per stage from the
/// validated config (defaults are already filled in by the schema validator).
public struct TrainingSettings: Sendable {
    public struct Model: Sendable {
        public var inChannels: Int
        public var patchSize: [Int]
        public var hiddenSize: Int
        public var depth: Int
        public var numHeads: Int
        public var mlpRatio: Double
        public var textConditioning: String
        public var condEmbed: Bool
        public var axesDim: [Int]?
        public var theta: Double
        public var pooledText: Bool
        public var sinCosLayout: SinCosLayout
        public var fromPretrained: String?
    }

    public struct Optimizer: Sendable {
        public var type: String
        public var lr: Double
        public var betas: [Double]
        public var eps: Double
        public var weightDecay: Double
        public var adamwMode: Bool
        public var momentum: Double
        public var nesterov: Bool
    }

    public struct Dataset: Sendable {
        public var dataPath: String?
        public var transformName: String
        public var fpsMax: Int
        public var vmaf: Bool
    }

    public var seed: Int64
    public var epochs: Int
    public var logEvery: Int
    public var ckptEvery: Int
    public var keepNLatest: Int
    public var numWorkers: Int
    public var prefetchFactor: Int
    public var gradClip: Double?
    public var warmupSteps: Int
    public var accumulationSteps: Int
    public var emaDecay: Double?
    public var textDropout: Double
    public var conditionWeights: [(String, Double)]
    public var spatialCompression: Int
    public var scheduler: String
    public var schedulerFloor: Double
    public var model: Model
    public var optimizer: Optimizer
    public var dataset: Dataset
    public var aeType: String
    public var spaceToDepth: Int
    public var aeColumn: String
    /// `ae.key`, `ae.spatial_compression`, `ae.temporal_compression` of precomputed latents.
    public var latentKey: String
    public var latentSpatialCompression: Int
    public var latentTemporalCompression: Int
    public var textEncoderType: String
    public var textDim: Int
    public var textMaxLength: Int
    /// `text_encoder.ngram` of hashed_text.
    public var textNgram: Int
    /// `transform_scale`: multiplies the timestep shift's α in training and sampling.
    public var transformScale: Double
    /// `sample_method`: the timestep distribution before the shift.
    public var timestepDistribution: TimestepDistribution
    /// `prediction`: what the model outputs (velocity or clean latent).
    public var prediction: FlowPrediction
    /// `patch_mask_ratio`: share of patches hidden under noise in training.
    public var patchMaskRatio: Double
    /// `frame_mask_ratio`: share of latent frames hidden under noise in training.
    public var frameMaskRatio: Double
    /// `loss_weighting`: how each sample's squared error counts.
    public var lossWeighting: LossWeighting
    /// `loss_weight_floor`: the least weight of a sample under `loss_weighting: x0`.
    public var lossWeightFloor: Double
    public var textColumn: String
    /// `text_encoder.key` and `text_encoder.null_path` of precomputed embeddings.
    public var textKey: String
    public var textNullPath: String?

    public init(config root: ConfigNode) throws {
        let read = ConfigReading(root: root)
        seed = Int64(try read.int("seed", default: 42))
        epochs = try read.int("epochs", default: 1)
        logEvery = try read.int("log_every", default: 10)
        ckptEvery = try read.int("ckpt_every", default: 0)
        keepNLatest = try read.int("keep_n_latest", default: 0)
        numWorkers = try read.int("num_workers", default: 2)
        prefetchFactor = try read.int("prefetch_factor", default: 2)
        gradClip = try read.optionalDouble("grad_clip")
        warmupSteps = try read.int("warmup_steps", default: 0)
        accumulationSteps = max(1, try read.int("accumulation_steps", default: 1))
        emaDecay = try read.optionalDouble("ema_decay")
        textDropout = try read.double("dropout_ratio.text", default: 0)
        conditionWeights = try read.weights("condition_config")
        spatialCompression = try read.int("ae_spatial_compression", default: 16)
        scheduler = read.componentType("lr_scheduler") ?? "constant"
        schedulerFloor = try read.double("lr_scheduler.eta_min", default: 0)
        model = Model(
            inChannels: try read.int("model.in_channels", default: 3),
            patchSize: try read.ints("model.patch_size", count: 3, default: [1, 2, 2]),
            hiddenSize: try read.int("model.hidden_size", default: 64),
            depth: try read.int("model.depth", default: 2),
            numHeads: try read.int("model.num_heads", default: 4),
            mlpRatio: try read.double("model.mlp_ratio", default: 4),
            textConditioning: try read.string("model.text_conditioning", default: "adaln_zero"),
            condEmbed: try read.bool("model.cond_embed", default: false),
            axesDim: read.node("model.axes_dim") == nil ? nil : try read.ints("model.axes_dim", count: 3, default: []),
            theta: try read.double("model.theta", default: 10_000),
            pooledText: try read.bool("model.pooled_text", default: false),
            sinCosLayout: try read.choice("model.sincos_layout", default: SinCosLayout.summed),
            fromPretrained: try read.optionalString("model.from_pretrained"))
        let optimizerType = (read.componentType("optim") ?? "adamw").lowercased()
        optimizer = Optimizer(
            type: ["hybridadam", "adamw", "adam"].contains(optimizerType) ? "adamw" : optimizerType,
            lr: try read.double("optim.lr", default: 1e-4),
            betas: try read.doubles("optim.betas", default: [0.9, 0.999]),
            eps: try read.double("optim.eps", default: 1e-8),
            weightDecay: try read.double("optim.weight_decay", default: 0),
            adamwMode: try read.bool("optim.adamw_mode", default: true),
            momentum: try read.double("optim.momentum", default: 0),
            nesterov: try read.bool("optim.nesterov", default: false))
        dataset = Dataset(
            dataPath: try read.optionalString("dataset.data_path"),
            transformName: try read.string("dataset.transform_name", default: "resize_crop"),
            fpsMax: try read.int("dataset.fps_max", default: 24),
            vmaf: try read.bool("dataset.vmaf", default: false))
        aeType = read.componentType("ae") ?? "identity"
        spaceToDepth = try read.int("ae.space_to_depth", default: 1)
        aeColumn = try read.string("ae.column", default: "latent")
        latentKey = try read.string("ae.key", default: "latents")
        latentSpatialCompression = try read.int("ae.spatial_compression", default: 1)
        latentTemporalCompression = try read.int("ae.temporal_compression", default: 1)
        textEncoderType = read.componentType("text_encoder") ?? "hashed_text"
        textDim = try read.int("text_encoder.dim", default: 64)
        textMaxLength = try read.int("text_encoder.max_length", default: 32)
        textNgram = try read.int("text_encoder.ngram", default: 2)
        transformScale = try read.double("transform_scale", default: 1)
        timestepDistribution = try read.choice("sample_method", default: TimestepDistribution.logitNormal)
        prediction = try read.choice("prediction", default: FlowPrediction.velocity)
        patchMaskRatio = try read.double("patch_mask_ratio", default: 0)
        frameMaskRatio = try read.double("frame_mask_ratio", default: 0)
        lossWeighting = try read.choice("loss_weighting", default: LossWeighting.velocity)
        lossWeightFloor = try read.double("loss_weight_floor", default: 0)
        textColumn = try read.string("text_encoder.column", default: "text_embedding")
        textKey = try read.string("text_encoder.key", default: "text")
        textNullPath = try read.optionalString("text_encoder.null_path")
    }
}

extension TrainingSettings {
    /// The stage's hashed_text encoder: training and sampling must encode captions alike.
    public var hashedTextEncoder: HashedTextEncoder {
        HashedTextEncoder(dim: textDim, maxLength: textMaxLength, ngram: textNgram)
    }

    /// The stage's rectified flow: training and sampling must shift timesteps alike.
    public var flow: RectifiedFlow {
        RectifiedFlow(shiftScale: transformScale, timestepDistribution: timestepDistribution, prediction: prediction)
    }

    /// Why `strata sample` cannot sample a run with these settings, or nil. A precomputed text
    /// encoder has no encoder to embed a new prompt; precomputed latents have no decoder to turn
    /// the sampled latent into pixels.
    public var samplingRefusal: String? {
        if textEncoderType == "precomputed" {
            return "the run's text encoder is 'precomputed' (embeddings read from its table): there is no encoder to embed a new prompt"
        }
        if aeType == "precomputed" {
            return "the run's autoencoder is 'precomputed' (latents read from its table): there is no decoder to turn sampled latents into video"
        }
        return nil
    }
}
