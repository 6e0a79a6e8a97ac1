import Tensor

/// How the text reaches the `dit` (the three structures of the original Open-Sora/DiT papers).
public enum TextConditioning: String, Sendable, CaseIterable {
    /// Pooled text (masked mean over tokens, then an MLP) added to the timestep vector that drives
    /// every block's zero-initialised adaLN modulation.
    case adalnZero = "adaln_zero"
    /// A cross-attention layer after each block's self-attention (PixArt / Open-Sora 1.x).
    case crossAttention = "cross_attention"
    /// Projected text tokens prepended to the image tokens; padded ones are masked as keys.
    case inContext = "in_context"
}

/// How the fixed 3-D sin-cos positions share a token's features between time, height and width.
public enum SinCosLayout: String, Sendable, CaseIterable {
    /// A 2-D table over (row, column) plus a 1-D table over frames, both as wide as the token and
    /// added (Open-Sora 1.0's STDiT and Latte). Frame t then moves the same features as row t and
    /// column t, so a model trained on pictures (always frame 0) reads later frames as shifted.
    case summed
    /// Each axis owns its features: a quarter for time, the rest halved between rows and
    /// columns (CogVideoX's 3-D sin-cos). A picture's features stay as they were on every frame.
    case split
}

/// The patch extent along time, height and width.
public struct PatchSize: Sendable, Equatable {
    public var t: Int
    public var h: Int
    public var w: Int
    public init(t: Int, h: Int, w: Int) { (self.t, self.h, self.w) = (t, h, w) }
    var tuple: (t: Int, h: Int, w: Int) { (t, h, w) }
}

/// The `model:` section of a stage config for `type: dit`, already resolved to values.
public struct DiTConfiguration: Sendable, Equatable {
    public var inChannels: Int
    public var patchSize: PatchSize
    public var hiddenSize: Int
    public var depth: Int
    public var numHeads: Int
    public var mlpRatio: Double
    public var textConditioning: TextConditioning
    public var textDim: Int
    /// Adds the i2v condition input (mask + masked latent, `inChannels + 1` channels).
    public var condEmbed: Bool
    /// Width of the sinusoidal timestep features fed to the timestep MLP (DiT: 256).
    public var frequencyEmbeddingSize: Int
    /// Rotary position widths of a head for the time, height and width axes (Open-Sora 2.0's
    /// `axes_dim`); nil: fixed 3-D sin-cos positions added to the patch embeddings instead.
    public var axesDim: [Int]?
    /// Base of the rotary frequencies (`theta`).
    public var theta: Double
    /// With in-context or cross-attention text, also add the pooled caption to the timestep
    /// vector (Flux and Open-Sora 2.0's `vector_in`, which feeds CLIP's pooled text there), so
    /// every block's modulation sees the whole caption.
    public var pooledText: Bool
    /// How the sin-cos positions divide the features (unused with rotary positions).
    public var sinCosLayout: SinCosLayout

    public init(
        inChannels: Int, patchSize: PatchSize, hiddenSize: Int, depth: Int, numHeads: Int,
        mlpRatio: Double = 4, textConditioning: TextConditioning = .adalnZero, textDim: Int,
        condEmbed: Bool = false, frequencyEmbeddingSize: Int = 256, axesDim: [Int]? = nil, theta: Double = 10_000,
        pooledText: Bool = false, sinCosLayout: SinCosLayout = .summed
    ) {
        self.inChannels = inChannels
        self.patchSize = patchSize
        self.hiddenSize = hiddenSize
        self.depth = depth
        self.numHeads = numHeads
        self.mlpRatio = mlpRatio
        self.textConditioning = textConditioning
        self.textDim = textDim
        self.condEmbed = condEmbed
        self.frequencyEmbeddingSize = frequencyEmbeddingSize
        self.axesDim = axesDim
        self.theta = theta
        self.pooledText = pooledText
        self.sinCosLayout = sinCosLayout
    }

    /// The hidden width of each block's MLP: `Int(hidden_size · mlp_ratio)` as DiT.
    public var mlpHiddenSize: Int { Int(Double(hiddenSize) * mlpRatio) }

    /// A problem with one key of the configuration: `key` is the config key under `model.`.
    public struct Problem: Sendable, Equatable, CustomStringConvertible {
        public var key: String
        public var message: String
        public var description: String { "\(key): \(message)" }
    }

    /// Every inconsistency, empty when the model can be built. The caller attaches source
    /// locations (it knows where each key was set).
    public func problems() -> [Problem] {
        var found: [Problem] = []
        func require(_ ok: Bool, _ key: String, _ message: String) {
            if !ok { found.append(Problem(key: key, message: message)) }
        }
        require(inChannels >= 1, "in_channels", "expected a positive number of channels, got \(inChannels)")
        require(patchSize.t >= 1 && patchSize.h >= 1 && patchSize.w >= 1, "patch_size",
                "expected three positive extents (pt, ph, pw), got (\(patchSize.t), \(patchSize.h), \(patchSize.w))")
        require(depth >= 1, "depth", "expected at least one block, got \(depth)")
        require(numHeads >= 1, "num_heads", "expected a positive number of heads, got \(numHeads)")
        require(hiddenSize >= 4 && hiddenSize % 4 == 0, "hidden_size",
                "expected a positive multiple of 4 (the 3-D sin-cos position embedding splits it), got \(hiddenSize)")
        require(numHeads < 1 || hiddenSize % numHeads == 0, "hidden_size",
                "\(hiddenSize) does not split into num_heads = \(numHeads) equal heads")
        require(mlpRatio > 0 && mlpHiddenSize >= 1, "mlp_ratio", "expected a positive ratio, got \(mlpRatio)")
        require(textDim >= 1, "text_dim", "expected the positive width of the text embeddings, got \(textDim)")
        require(frequencyEmbeddingSize >= 2 && frequencyEmbeddingSize % 2 == 0, "frequency_embedding_size",
                "expected a positive even width, got \(frequencyEmbeddingSize)")
        if let axesDim {
            let headDim = numHeads >= 1 ? hiddenSize / numHeads : 0
            require(axesDim.count == 3 && axesDim.allSatisfy { $0 > 0 && $0 % 2 == 0 }, "axes_dim",
                    "expected three positive even widths (time, height, width), got \(axesDim)")
            require(axesDim.reduce(0, +) == headDim, "axes_dim",
                    "the widths add up to \(axesDim.reduce(0, +)) but a head has hidden_size / num_heads = \(headDim) features")
        }
        require(sinCosLayout == .summed || (axesDim == nil && hiddenSize >= 16), "sincos_layout",
                axesDim != nil ? "split lays out the sin-cos positions, which rotary positions (axes_dim) replace"
                               : "split needs hidden_size of at least 16 (a quarter for time, in pairs), got \(hiddenSize)")
        require(theta > 1, "theta", "expected a rotary base above 1, got \(theta)")
        return found
    }

    /// Why a latent of shape `[C, T, H, W]` (one sample) cannot enter the model, or nil.
    public func latentProblem(_ shape: [Int]) -> String? {
        guard shape.count == 4 else { return "expected a latent [C, T, H, W], got \(shape)" }
        if shape[0] != inChannels { return "latent has \(shape[0]) channels, the model takes in_channels = \(inChannels)" }
        let extents = [(shape[1], patchSize.t, "frames"), (shape[2], patchSize.h, "height"), (shape[3], patchSize.w, "width")]
        for (extent, patch, name) in extents where extent < 1 || extent % patch != 0 {
            return "latent \(name) \(extent) is not a positive multiple of the patch extent \(patch) (patch_size = (\(patchSize.t), \(patchSize.h), \(patchSize.w)))"
        }
        return nil
    }
}
