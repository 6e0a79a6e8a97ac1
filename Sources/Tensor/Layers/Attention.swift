/// Multi-head self-attention with a fused `qkv` projection and an output projection, as DiT's
/// `Attention` (timm): `proj(softmax(q·kᵀ/√d)·v)`. An optional key mask (one flag per sample and
/// position, `true` = attend) hides padded tokens, e.g. text tokens prepended in-context.
public struct SelfAttention: Layer, Sendable {
    public var qkv: Linear
    public var proj: Linear
    public let heads: Int

    public struct Cache: Sendable {
        var input: Tensor
        var qkv: Tensor
        var probabilities: Tensor
        var attended: Tensor
        var rotary: RotaryEmbedding?
    }

    public init(_ features: Int, heads: Int, using generator: inout SeededGenerator) {
        precondition(features % heads == 0, "\(features) features do not split into \(heads) heads")
        self.heads = heads
        qkv = Linear(features, 3 * features, using: &generator)
        proj = Linear(features, features, using: &generator)
    }

    public mutating func visitParameters(_ visit: (String, inout Tensor, inout Tensor) -> Void) {
        Self.visit(&qkv, prefix: "qkv", visit)
        Self.visit(&proj, prefix: "proj", visit)
    }

    /// `x` is `[B, N, D]`; `keyMask`, if given, holds B·N flags; `rotary`, if given, turns the
    /// queries and keys of its N tokens by their positions.
    public func callAsFunction(_ x: Tensor, keyMask: [Bool]? = nil, rotary: RotaryEmbedding? = nil) -> (Tensor, Cache) {
        precondition(x.rank == 3, "SelfAttention takes [B, N, D], got \(x.shape)")
        let (batch, tokens, model) = (x.shape[0], x.shape[1], x.shape[2])
        precondition(keyMask == nil || keyMask!.count == batch * tokens, "key mask needs \(batch * tokens) flags")
        let g = AttentionKernel.Geometry(batch: batch, queries: tokens, keys: tokens, heads: heads, headDim: model / heads)
        var fused = qkv(x)
        if let rotary {
            precondition(rotary.tokens == tokens && rotary.headDim == model / heads, "rotary embedding does not fit \(x.shape)")
            fused.data.withUnsafeMutableBufferPointer { f in
                rotary.rotate(f.baseAddress!, batch: batch, rowStride: 3 * model, heads: heads)
                rotary.rotate(f.baseAddress! + model, batch: batch, rowStride: 3 * model, heads: heads)
            }
        }
        // The kernel writes every probability and every output element: no zero-fill first.
        var attended = Tensor(shape: [0])
        let probabilities = Tensor(shape: [batch, heads, tokens, tokens]) { p in
            fused.data.withUnsafeBufferPointer { f in
                let base = f.baseAddress!
                let stride = (row: 3 * model, batch: tokens * 3 * model)
                attended = Tensor(shape: [batch, tokens, model]) { o in
                    withOptionalPointer(keyMask) { mask in
                        AttentionKernel.forward(
                            q: .init(base: base, rowStride: stride.row, batchStride: stride.batch),
                            k: .init(base: base + model, rowStride: stride.row, batchStride: stride.batch),
                            v: .init(base: base + 2 * model, rowStride: stride.row, batchStride: stride.batch),
                            geometry: g, keyValid: mask, probabilities: p.baseAddress!, output: o.baseAddress!)
                    }
                }
            }
        }
        return (proj(attended), Cache(input: x, qkv: fused, probabilities: probabilities, attended: attended, rotary: rotary))
    }

    /// Accumulates parameter gradients and returns `dL/dx`.
    public mutating func backward(cache: Cache, outputGradient dy: Tensor) -> Tensor {
        let (batch, tokens, model) = (cache.input.shape[0], cache.input.shape[1], cache.input.shape[2])
        let g = AttentionKernel.Geometry(batch: batch, queries: tokens, keys: tokens, heads: heads, headDim: model / heads)
        let dAttended = proj.backward(input: cache.attended, outputGradient: dy)
        // The kernel overwrites dq, dk and dv, which tile the fused gradient: no zero-fill first.
        var dFused = Tensor(shape: cache.qkv.shape) { d in
            cache.qkv.data.withUnsafeBufferPointer { f in
                let (base, grad) = (f.baseAddress!, d.baseAddress!)
                let (row, batchStride) = (3 * model, tokens * 3 * model)
                func heads(_ p: UnsafeMutablePointer<Float>) -> AttentionKernel.Heads {
                    .init(base: p, rowStride: row, batchStride: batchStride)
                }
                let source = UnsafeMutablePointer(mutating: base)
                dAttended.data.withUnsafeBufferPointer { dOut in
                    cache.attended.data.withUnsafeBufferPointer { out in
                        cache.probabilities.data.withUnsafeBufferPointer { p in
                            AttentionKernel.backward(
                                outputGradient: dOut.baseAddress!, output: out.baseAddress!, probabilities: p.baseAddress!,
                                q: heads(source), k: heads(source + model), v: heads(source + 2 * model), geometry: g,
                                dq: heads(grad), dk: heads(grad + model), dv: heads(grad + 2 * model))
                        }
                    }
                }
            }
        }
        if let rotary = cache.rotary {
            // The cache holds the turned q and k, so these are gradients of the turned ones.
            dFused.data.withUnsafeMutableBufferPointer { d in
                rotary.rotate(d.baseAddress!, batch: batch, rowStride: 3 * model, heads: heads, inverse: true)
                rotary.rotate(d.baseAddress! + model, batch: batch, rowStride: 3 * model, heads: heads, inverse: true)
            }
        }
        return qkv.backward(input: cache.input, outputGradient: dFused)
    }
}

/// Multi-head cross-attention from image tokens to a context (text) sequence, as PixArt's
/// `MultiHeadCrossAttention`: `q` from `x`, fused `kv` from the context, key padding mask over the
/// context tokens.
public struct CrossAttention: Layer, Sendable {
    public var q: Linear
    public var kv: Linear
    public var proj: Linear
    public let heads: Int

    public struct Cache: Sendable {
        var input: Tensor
        var context: Tensor
        var query: Tensor
        var keyValue: Tensor
        var probabilities: Tensor
        var attended: Tensor
    }

    public init(_ features: Int, contextFeatures: Int? = nil, heads: Int, using generator: inout SeededGenerator) {
        precondition(features % heads == 0, "\(features) features do not split into \(heads) heads")
        self.heads = heads
        q = Linear(features, features, using: &generator)
        kv = Linear(contextFeatures ?? features, 2 * features, using: &generator)
        proj = Linear(features, features, using: &generator)
    }

    public mutating func visitParameters(_ visit: (String, inout Tensor, inout Tensor) -> Void) {
        Self.visit(&q, prefix: "q_linear", visit)
        Self.visit(&kv, prefix: "kv_linear", visit)
        Self.visit(&proj, prefix: "proj", visit)
    }

    /// `x` is `[B, N, D]`, `context` `[B, L, Dc]`, `contextMask` B·L flags (`true` = real token).
    public func callAsFunction(_ x: Tensor, context: Tensor, contextMask: [Bool]? = nil) -> (Tensor, Cache) {
        precondition(x.rank == 3 && context.rank == 3 && context.shape[0] == x.shape[0], "CrossAttention shapes \(x.shape), \(context.shape)")
        let (batch, tokens, model, length) = (x.shape[0], x.shape[1], x.shape[2], context.shape[1])
        precondition(contextMask == nil || contextMask!.count == batch * length, "context mask needs \(batch * length) flags")
        let g = AttentionKernel.Geometry(batch: batch, queries: tokens, keys: length, heads: heads, headDim: model / heads)
        let query = q(x)
        let keyValue = kv(context)
        var probabilities = Tensor(shape: [batch, heads, tokens, length])
        var attended = Tensor(shape: [batch, tokens, model])
        query.data.withUnsafeBufferPointer { pq in
            keyValue.data.withUnsafeBufferPointer { pkv in
                probabilities.data.withUnsafeMutableBufferPointer { p in
                    attended.data.withUnsafeMutableBufferPointer { o in
                        withOptionalPointer(contextMask) { mask in
                            let kvBase = pkv.baseAddress!
                            AttentionKernel.forward(
                                q: .init(base: pq.baseAddress!, rowStride: model, batchStride: tokens * model),
                                k: .init(base: kvBase, rowStride: 2 * model, batchStride: length * 2 * model),
                                v: .init(base: kvBase + model, rowStride: 2 * model, batchStride: length * 2 * model),
                                geometry: g, keyValid: mask, probabilities: p.baseAddress!, output: o.baseAddress!)
                        }
                    }
                }
            }
        }
        let cache = Cache(input: x, context: context, query: query, keyValue: keyValue, probabilities: probabilities, attended: attended)
        return (proj(attended), cache)
    }

    /// Accumulates parameter gradients and returns `(dL/dx, dL/dcontext)`.
    public mutating func backward(cache: Cache, outputGradient dy: Tensor) -> (input: Tensor, context: Tensor) {
        let (batch, tokens, model, length) = (cache.input.shape[0], cache.input.shape[1], cache.input.shape[2], cache.context.shape[1])
        let g = AttentionKernel.Geometry(batch: batch, queries: tokens, keys: length, heads: heads, headDim: model / heads)
        let dAttended = proj.backward(input: cache.attended, outputGradient: dy)
        var dQuery = Tensor(shape: cache.query.shape)
        var dKeyValue = Tensor(shape: cache.keyValue.shape)
        cache.query.data.withUnsafeBufferPointer { pq in
            cache.keyValue.data.withUnsafeBufferPointer { pkv in
                dQuery.data.withUnsafeMutableBufferPointer { dq in
                    dKeyValue.data.withUnsafeMutableBufferPointer { dkv in
                        dAttended.data.withUnsafeBufferPointer { dOut in
                            cache.attended.data.withUnsafeBufferPointer { out in
                                cache.probabilities.data.withUnsafeBufferPointer { p in
                                    let qHeads = { (base: UnsafeMutablePointer<Float>) in
                                        AttentionKernel.Heads(base: base, rowStride: model, batchStride: tokens * model)
                                    }
                                    let kvHeads = { (base: UnsafeMutablePointer<Float>) in
                                        AttentionKernel.Heads(base: base, rowStride: 2 * model, batchStride: length * 2 * model)
                                    }
                                    let kvSource = UnsafeMutablePointer(mutating: pkv.baseAddress!)
                                    AttentionKernel.backward(
                                        outputGradient: dOut.baseAddress!, output: out.baseAddress!, probabilities: p.baseAddress!,
                                        q: qHeads(UnsafeMutablePointer(mutating: pq.baseAddress!)),
                                        k: kvHeads(kvSource), v: kvHeads(kvSource + model), geometry: g,
                                        dq: qHeads(dq.baseAddress!), dk: kvHeads(dkv.baseAddress!), dv: kvHeads(dkv.baseAddress! + model))
                                }
                            }
                        }
                    }
                }
            }
        }
        let dx = q.backward(input: cache.input, outputGradient: dQuery)
        let dContext = kv.backward(input: cache.context, outputGradient: dKeyValue)
        return (dx, dContext)
    }
}

/// Runs `body` with a pointer to the flags, or nil when there are none.
@inline(__always)
func withOptionalPointer<R>(_ flags: [Bool]?, _ body: (UnsafePointer<Bool>?) -> R) -> R {
    guard let flags else { return body(nil) }
    return flags.withUnsafeBufferPointer { body($0.baseAddress) }
}
