import Tensor

/// What one forward pass of the `dit` reads. All samples of a batch share one latent shape.
public struct DiTInput: Sendable {
    /// Noised latents `[B, C, T, H, W]`.
    public var latent: Tensor
    /// Flow time per sample, in [0, 1] (1 = pure noise).
    public var timesteps: [Float]
    /// Text embeddings `[B, L, text_dim]`.
    public var text: Tensor
    /// B·L flags, `true` for real tokens (padding is `false`).
    public var textMask: [Bool]
    /// The i2v condition `[B, C + 1, T, H, W]` = concat(mask, mask ⊙ latent); required iff
    /// `cond_embed` (all zeros means no frame is conditioned).
    public var condition: Tensor?

    public init(latent: Tensor, timesteps: [Float], text: Tensor, textMask: [Bool], condition: Tensor? = nil) {
        (self.latent, self.timesteps, self.text, self.textMask, self.condition) = (latent, timesteps, text, textMask, condition)
    }
}

/// The small diffusion transformer: patch embedding + fixed 3-D sin-cos positions (or rotary
/// positions in the attention, with `axes_dim`), timestep
/// embedding (sinusoidal features → SiLU MLP), text conditioning by adaLN-Zero, cross-attention or
/// in-context tokens, `depth` adaLN-Zero blocks, final adaLN + linear, unpatchify. It predicts the
/// velocity, shaped like the latent.
///
/// Initialisation (deterministic from `seed` through `SeededGenerator`, drawn in declaration
/// order): linear layers Xavier-uniform with zero bias; timestep and text embedder MLP weights
/// normal(0, 0.02); every adaLN modulation, the final linear and the i2v condition embedding zero.
public struct DiT: Layer, Sendable {
    public let configuration: DiTConfiguration
    var xEmbedder: PatchEmbed
    var condEmbedder: PatchEmbed?
    var tEmbedder: MLP
    var yEmbedder: MLP
    /// The pooled caption's MLP into the timestep vector (`pooled_text` with token conditioning).
    var vectorEmbedder: MLP?
    var blocks: [DiTBlock]
    var finalLayer: FinalLayer

    /// Builds the model; `configuration.problems()` must be empty (checked by the caller, which
    /// can point at the config file).
    public init(_ configuration: DiTConfiguration, seed: UInt64) {
        precondition(configuration.problems().isEmpty, "invalid DiT configuration: \(configuration.problems())")
        self.configuration = configuration
        let c = configuration
        var generator = SeededGenerator(seed: seed)
        xEmbedder = PatchEmbed(channels: c.inChannels, patch: c.patchSize.tuple, features: c.hiddenSize, using: &generator)
        condEmbedder = c.condEmbed
            ? PatchEmbed(zerosWithChannels: c.inChannels + 1, patch: c.patchSize.tuple, features: c.hiddenSize) : nil
        tEmbedder = MLP(c.frequencyEmbeddingSize, hidden: c.hiddenSize, output: c.hiddenSize, activation: .silu, normalStd: 0.02, using: &generator)
        // Pooled text joins the timestep vector through a SiLU MLP; text tokens go through
        // PixArt's caption projection (GELU).
        yEmbedder = MLP(c.textDim, hidden: c.hiddenSize, output: c.hiddenSize,
                        activation: c.textConditioning == .adalnZero ? .silu : .gelu, normalStd: 0.02, using: &generator)
        blocks = (0..<c.depth).map { _ in
            DiTBlock(hidden: c.hiddenSize, heads: c.numHeads, mlpHidden: c.mlpHiddenSize,
                     crossAttention: c.textConditioning == .crossAttention, using: &generator)
        }
        finalLayer = FinalLayer(hidden: c.hiddenSize, patchFeatures: c.inChannels * c.patchSize.t * c.patchSize.h * c.patchSize.w)
        // Drawn last, so the other weights start as they do without it.
        vectorEmbedder = c.pooledText && c.textConditioning != .adalnZero
            ? MLP(c.textDim, hidden: c.hiddenSize, output: c.hiddenSize, activation: .silu, normalStd: 0.02, using: &generator) : nil
    }

    public mutating func visitParameters(_ visit: (String, inout Tensor, inout Tensor) -> Void) {
        Self.visit(&xEmbedder, prefix: "x_embedder", visit)
        if condEmbedder != nil { Self.visit(&condEmbedder!, prefix: "cond_embedder", visit) }
        Self.visit(&tEmbedder, prefix: "t_embedder.mlp", visit)
        Self.visit(&yEmbedder, prefix: "y_embedder", visit)
        if vectorEmbedder != nil { Self.visit(&vectorEmbedder!, prefix: "vector_in", visit) }
        for index in blocks.indices { Self.visit(&blocks[index], prefix: "blocks.\(index)", visit) }
        Self.visit(&finalLayer, prefix: "final_layer", visit)
    }

    /// Everything the backward pass needs from one forward pass.
    public struct Cache: Sendable {
        var grid: PatchGrid
        var xEmbed: PatchEmbed.Cache
        var condEmbed: PatchEmbed.Cache?
        var timestep: MLP.Cache
        var text: MLP.Cache
        var pooled: MLP.Cache?
        var vector: Tensor           // c = t_emb (+ pooled text), before SiLU
        var conditioning: Tensor     // SiLU(c), what every adaLN layer reads
        var textTokens: Int          // tokens prepended in context (0 otherwise)
        var blocks: [DiTBlock.Cache]
        var final: FinalLayer.Cache
    }

    /// The predicted velocity `[B, C, T, H, W]` and the cache for `backward`.
    public func callAsFunction(_ input: DiTInput) -> (Tensor, Cache) {
        let c = configuration
        let (batch, length) = (input.latent.shape[0], input.text.shape[1])
        precondition(input.latent.rank == 5 && c.latentProblem(Array(input.latent.shape.dropFirst())) == nil,
                     "latent \(input.latent.shape) does not fit \(c)")
        precondition(input.timesteps.count == batch && input.text.shape == [batch, length, c.textDim]
                     && input.textMask.count == batch * length, "inputs disagree on the batch")
        var (tokens, xCache) = xEmbedder(input.latent)
        let grid = xCache.grid
        if c.axesDim == nil {
            // Positions broadcast over the batch: view the tokens as [B, N·D] rows (in place, no copy).
            tokens.shape = [batch, grid.tokens * c.hiddenSize]
            tokens.addRowVector(PositionEmbedding.grid(
                frames: grid.gridFrames, height: grid.gridHeight, width: grid.gridWidth, features: c.hiddenSize,
                layout: c.sinCosLayout).reshaped([grid.tokens * c.hiddenSize]))
            tokens.shape = [batch, grid.tokens, c.hiddenSize]
        }
        var condCache: PatchEmbed.Cache?
        if let condEmbedder {
            let condition = input.condition ?? Tensor(shape: [batch, c.inChannels + 1] + Array(input.latent.shape.dropFirst(2)))
            let (embedded, cache) = condEmbedder(condition)
            tokens.add(embedded)
            condCache = cache
        }
        let (timestepEmbedding, timestepCache) = tEmbedder(
            SinusoidalEmbedding.timesteps(input.timesteps, dim: c.frequencyEmbeddingSize))
        var vector = timestepEmbedding
        let textCache: MLP.Cache
        var context: Tensor?
        var keyMask: [Bool]?
        switch c.textConditioning {
        case .adalnZero:
            let (pooled, cache) = yEmbedder(TextPooling.maskedMean(input.text, mask: input.textMask))
            vector.add(pooled)
            textCache = cache
        case .crossAttention:
            (context, textCache) = yEmbedder(input.text)
        case .inContext:
            let (projected, cache) = yEmbedder(input.text)
            textCache = cache
            tokens = TokenSequence.concatenate(projected, tokens)
            keyMask = TokenSequence.keyMask(textMask: input.textMask, batch: batch, textTokens: length, imageTokens: grid.tokens)
        }
        var pooledCache: MLP.Cache?
        if let vectorEmbedder {
            let (pooled, cache) = vectorEmbedder(TextPooling.maskedMean(input.text, mask: input.textMask))
            vector.add(pooled)
            pooledCache = cache
        }
        let conditioning = Activation.silu(vector)
        let rotary = c.axesDim.map { axes in
            PositionEmbedding.rotary(grid: grid, textTokens: c.textConditioning == .inContext ? length : 0,
                                     axesDim: axes, theta: c.theta)
        }
        var blockCaches: [DiTBlock.Cache] = []
        blockCaches.reserveCapacity(blocks.count)
        for block in blocks {
            let (out, cache) = block(tokens, conditioning: conditioning, keyMask: keyMask,
                                     context: context, contextMask: context == nil ? nil : input.textMask, rotary: rotary)
            tokens = out
            blockCaches.append(cache)
        }
        let textTokens = c.textConditioning == .inContext ? length : 0
        if textTokens > 0 { tokens = TokenSequence.dropLeading(textTokens, of: tokens) }
        let (patches, finalCache) = finalLayer(tokens, conditioning: conditioning)
        let outputGrid = PatchGrid(channels: c.inChannels, frames: grid.frames, height: grid.height, width: grid.width, patch: grid.patch)
        let cache = Cache(grid: outputGrid, xEmbed: xCache, condEmbed: condCache, timestep: timestepCache, text: textCache, pooled: pooledCache,
                          vector: vector, conditioning: conditioning, textTokens: textTokens, blocks: blockCaches, final: finalCache)
        return (outputGrid.unpatchify(patches), cache)
    }

    /// Accumulates `dL/dθ` for every parameter given `dL/doutput` (`[B, C, T, H, W]`).
    public mutating func backward(cache: Cache, outputGradient dy: Tensor) {
        var dConditioning = Tensor(shape: cache.conditioning.shape)
        var dTokens = finalLayer.backward(cache: cache.final, outputGradient: cache.grid.patchify(dy),
                                          conditioning: cache.conditioning, conditioningGradient: &dConditioning)
        if cache.textTokens > 0 { dTokens = TokenSequence.padLeading(cache.textTokens, of: dTokens) }
        var dContext: Tensor? = configuration.textConditioning == .crossAttention
            ? Tensor(shape: Array(cache.text.input.shape.dropLast()) + [configuration.hiddenSize]) : nil
        for index in blocks.indices.reversed() {
            dTokens = blocks[index].backward(cache: cache.blocks[index], outputGradient: dTokens, conditioning: cache.conditioning,
                                             conditioningGradient: &dConditioning, contextGradient: &dContext)
        }
        let dVector = Activation.siluBackward(input: cache.vector, outputGradient: dConditioning)
        switch configuration.textConditioning {
        case .adalnZero:
            _ = yEmbedder.backward(cache: cache.text, outputGradient: dVector)
        case .crossAttention:
            _ = yEmbedder.backward(cache: cache.text, outputGradient: dContext!)
        case .inContext:
            _ = yEmbedder.backward(cache: cache.text, outputGradient: TokenSequence.leading(cache.textTokens, of: dTokens))
            dTokens = TokenSequence.dropLeading(cache.textTokens, of: dTokens)
        }
        if let pooled = cache.pooled { _ = vectorEmbedder!.backward(cache: pooled, outputGradient: dVector) }
        _ = tEmbedder.backward(cache: cache.timestep, outputGradient: dVector)
        xEmbedder.accumulateParameterGradients(cache: cache.xEmbed, outputGradient: dTokens)
        if let condCache = cache.condEmbed { condEmbedder!.accumulateParameterGradients(cache: condCache, outputGradient: dTokens) }
    }
}
