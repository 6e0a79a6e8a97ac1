import Tensor

/// One DiT block with adaLN-Zero: the conditioning vector produces (shift, scale, gate) for the
/// attention and the MLP branch through a zero-initialised linear layer, so a fresh block is the
/// identity. With cross-attention conditioning, a cross-attention to the text follows the
/// self-attention as in PixArt (`x = x + cross_attn(x, text)`).
struct DiTBlock: Layer, Sendable {
    var norm1: LayerNorm
    var attn: SelfAttention
    var crossAttn: CrossAttention?
    var norm2: LayerNorm
    var mlp: MLP
    var adaLNModulation: Linear

    // Chunks of the modulation vector, DiT's order.
    private static let (shiftAttention, scaleAttention, gateAttention) = (0, 1, 2)
    private static let (shiftMLP, scaleMLP, gateMLP) = (3, 4, 5)

    struct Cache: Sendable {
        var modulation: Tensor
        var norm1: LayerNorm.Cache
        var normalized1: Tensor
        var attention: SelfAttention.Cache
        var attended: Tensor
        var cross: CrossAttention.Cache?
        var norm2: LayerNorm.Cache
        var normalized2: Tensor
        var mlp: MLP.Cache
        var mlpOut: Tensor
    }

    init(hidden: Int, heads: Int, mlpHidden: Int, crossAttention: Bool, using generator: inout SeededGenerator) {
        norm1 = LayerNorm(hidden, affine: false, epsilon: 1e-6)
        attn = SelfAttention(hidden, heads: heads, using: &generator)
        crossAttn = crossAttention ? CrossAttention(hidden, heads: heads, using: &generator) : nil
        norm2 = LayerNorm(hidden, affine: false, epsilon: 1e-6)
        mlp = MLP(hidden, hidden: mlpHidden, using: &generator)
        adaLNModulation = .zeros(hidden, 6 * hidden)
    }

    mutating func visitParameters(_ visit: (String, inout Tensor, inout Tensor) -> Void) {
        Self.visit(&attn, prefix: "attn", visit)
        if crossAttn != nil { Self.visit(&crossAttn!, prefix: "cross_attn", visit) }
        Self.visit(&mlp, prefix: "mlp", visit)
        Self.visit(&adaLNModulation, prefix: "adaLN_modulation", visit)
    }

    /// `x` `[B, N, D]`; `conditioning` is SiLU(c) `[B, D]`; `context` `[B, L, D]` with `contextMask`
    /// for cross-attention; `keyMask` (B·N flags) for in-context text tokens; `rotary` for rotary
    /// positions in the self-attention.
    func callAsFunction(
        _ x: Tensor, conditioning: Tensor, keyMask: [Bool]?, context: Tensor?, contextMask: [Bool]?,
        rotary: RotaryEmbedding? = nil
    ) -> (Tensor, Cache) {
        let modulation = adaLNModulation(conditioning)
        let (normalized1, norm1Cache) = norm1(x)
        let (attended, attentionCache) = attn(
            Modulation.modulate(normalized1, modulation, shift: Self.shiftAttention, scale: Self.scaleAttention),
            keyMask: keyMask, rotary: rotary)
        var h = Modulation.gatedAdd(x, attended, modulation, gate: Self.gateAttention)
        var crossCache: CrossAttention.Cache?
        if let crossAttn, let context {
            let (crossOut, cache) = crossAttn(h, context: context, contextMask: contextMask)
            h.add(crossOut)
            crossCache = cache
        }
        let (normalized2, norm2Cache) = norm2(h)
        let (mlpOut, mlpCache) = mlp(Modulation.modulate(normalized2, modulation, shift: Self.shiftMLP, scale: Self.scaleMLP))
        let out = Modulation.gatedAdd(h, mlpOut, modulation, gate: Self.gateMLP)
        let cache = Cache(
            modulation: modulation, norm1: norm1Cache, normalized1: normalized1, attention: attentionCache,
            attended: attended, cross: crossCache, norm2: norm2Cache, normalized2: normalized2,
            mlp: mlpCache, mlpOut: mlpOut)
        return (out, cache)
    }

    /// Accumulates parameter gradients; returns `dL/dx`, adds `dL/dconditioning` into
    /// `conditioningGradient` and (cross-attention) `dL/dcontext` into `contextGradient`.
    mutating func backward(
        cache: Cache, outputGradient dy: Tensor, conditioning: Tensor,
        conditioningGradient: inout Tensor, contextGradient: inout Tensor?
    ) -> Tensor {
        var dMod = Tensor(shape: cache.modulation.shape)
        // MLP branch.
        let dMLPOut = Modulation.gatedAddBackward(dy, branch: cache.mlpOut, cache.modulation, gate: Self.gateMLP, dMod: &dMod)
        let dMLPIn = mlp.backward(cache: cache.mlp, outputGradient: dMLPOut)
        let dNormalized2 = Modulation.modulateBackward(
            dMLPIn, input: cache.normalized2, cache.modulation, shift: Self.shiftMLP, scale: Self.scaleMLP, dMod: &dMod)
        var dh = dy
        dh.add(norm2.backward(cache: cache.norm2, outputGradient: dNormalized2))
        // Cross-attention (plain residual).
        if crossAttn != nil, let crossCache = cache.cross {
            let (dInput, dContext) = crossAttn!.backward(cache: crossCache, outputGradient: dh)
            dh.add(dInput)
            contextGradient?.add(dContext)
        }
        // Attention branch.
        let dAttended = Modulation.gatedAddBackward(dh, branch: cache.attended, cache.modulation, gate: Self.gateAttention, dMod: &dMod)
        let dAttentionIn = attn.backward(cache: cache.attention, outputGradient: dAttended)
        let dNormalized1 = Modulation.modulateBackward(
            dAttentionIn, input: cache.normalized1, cache.modulation, shift: Self.shiftAttention, scale: Self.scaleAttention, dMod: &dMod)
        var dx = dh
        dx.add(norm1.backward(cache: cache.norm1, outputGradient: dNormalized1))
        conditioningGradient.add(adaLNModulation.backward(input: conditioning, outputGradient: dMod))
        return dx
    }
}
