/// Scaled dot-product attention over heads that live interleaved in wider rows (e.g. the `[q|k|v]`
/// rows of a fused projection): every product is one `cblas_sgemm` per (sample, head) with row
/// strides, so neither the forward nor the backward pass permutes or copies heads.
public enum AttentionKernel {
    /// Where the heads of one operand live: sample `b`, position `i`, head `h` starts at
    /// `base + b·batchStride + i·rowStride + h·headDim`.
    public struct Heads {
        public var base: UnsafeMutablePointer<Float>
        public var rowStride: Int
        public var batchStride: Int

        public init(base: UnsafeMutablePointer<Float>, rowStride: Int, batchStride: Int) {
            self.base = base
            self.rowStride = rowStride
            self.batchStride = batchStride
        }

        public init(base: UnsafePointer<Float>, rowStride: Int, batchStride: Int) {
            self.init(base: UnsafeMutablePointer(mutating: base), rowStride: rowStride, batchStride: batchStride)
        }

        @inline(__always)
        func at(batch: Int, head: Int, headDim: Int) -> UnsafeMutablePointer<Float> {
            base + batch * batchStride + head * headDim
        }
    }

    public struct Geometry: Sendable, Equatable {
        public var batch: Int
        public var queries: Int
        public var keys: Int
        public var heads: Int
        public var headDim: Int
        public var model: Int { heads * headDim }
        public var scale: Float { 1 / Float(headDim).squareRoot() }

        public init(batch: Int, queries: Int, keys: Int, heads: Int, headDim: Int) {
            (self.batch, self.queries, self.keys, self.heads, self.headDim) = (batch, queries, keys, heads, headDim)
        }
    }

    /// Queries handled per block: a block's scores (`queryBlock × keys`) stay in cache between
    /// the product that writes them, the softmax and the product that reads them.
    static let queryBlock = 64

    /// Writes softmax(q·kᵀ/√d) into `probabilities` (`[B, H, Nq, Nk]`) and the attended values
    /// into `output` (`[B, Nq, H·d]`). `keyValid` (B·Nk flags) masks padded keys.
    public static func forward(
        q: Heads, k: Heads, v: Heads, geometry g: Geometry, keyValid: UnsafePointer<Bool>?,
        probabilities: UnsafeMutablePointer<Float>, output: UnsafeMutablePointer<Float>
    ) {
        let square = g.queries * g.keys
        // (sample, head) pairs are independent: spread them over the threads.
        ParallelLoop.ranges(g.batch * g.heads) { pairs in
            for pair in pairs {
                let (b, h) = pair.quotientAndRemainder(dividingBy: g.heads)
                let (qh, kh, vh) = (q.at(batch: b, head: h, headDim: g.headDim), k.at(batch: b, head: h, headDim: g.headDim),
                                    v.at(batch: b, head: h, headDim: g.headDim))
                let out = output + b * g.queries * g.model + h * g.headDim
                for start in stride(from: 0, to: g.queries, by: queryBlock) {
                    let rows = min(queryBlock, g.queries - start)
                    let p = probabilities + pair * square + start * g.keys
                    Gemm.multiply(transposeB: true, m: rows, n: g.keys, k: g.headDim, alpha: g.scale,
                                  a: qh + start * q.rowStride, lda: q.rowStride, b: kh, ldb: k.rowStride,
                                  c: p, ldc: g.keys, parallel: false)
                    Softmax.rows(p, rows: rows, n: g.keys, valid: keyValid.map { $0 + b * g.keys })
                    Gemm.multiply(m: rows, n: g.headDim, k: g.keys, a: p, lda: g.keys, b: vh, ldb: v.rowStride,
                                  c: out + start * g.model, ldc: g.model, parallel: false)
                }
            }
        }
    }

    /// Given `dL/dOutput` (`[B, Nq, H·d]`), writes `dL/dq`, `dL/dk`, `dL/dv` into the strided
    /// destinations (overwriting them).
    public static func backward(
        outputGradient dOut: UnsafePointer<Float>, probabilities: UnsafePointer<Float>,
        q: Heads, k: Heads, v: Heads, geometry g: Geometry,
        dq: Heads, dk: Heads, dv: Heads
    ) {
        let square = g.queries * g.keys
        ParallelLoop.ranges(g.batch * g.heads) { pairs in
            let scratch = UnsafeMutablePointer<Float>.allocate(capacity: min(queryBlock, g.queries) * g.keys)
            defer { scratch.deallocate() }
            for pair in pairs {
                let (b, h) = pair.quotientAndRemainder(dividingBy: g.heads)
                let (qh, kh, vh) = (q.at(batch: b, head: h, headDim: g.headDim), k.at(batch: b, head: h, headDim: g.headDim),
                                    v.at(batch: b, head: h, headDim: g.headDim))
                let (dqh, dkh, dvh) = (dq.at(batch: b, head: h, headDim: g.headDim), dk.at(batch: b, head: h, headDim: g.headDim),
                                       dv.at(batch: b, head: h, headDim: g.headDim))
                for start in stride(from: 0, to: g.queries, by: queryBlock) {
                    let rows = min(queryBlock, g.queries - start)
                    let p = probabilities + pair * square + start * g.keys
                    let dO = dOut + b * g.queries * g.model + h * g.headDim + start * g.model
                    let accumulate: Float = start == 0 ? 0 : 1
                    // dP = dO · vᵀ
                    Gemm.multiply(transposeB: true, m: rows, n: g.keys, k: g.headDim, a: dO, lda: g.model,
                                  b: vh, ldb: v.rowStride, c: scratch, ldc: g.keys, parallel: false)
                    // dV += Pᵀ · dO
                    Gemm.multiply(transposeA: true, m: g.keys, n: g.headDim, k: rows, a: p, lda: g.keys,
                                  b: dO, ldb: g.model, beta: accumulate, c: dvh, ldc: dv.rowStride, parallel: false)
                    // dS = scale · P ⊙ (dP − rowsum(P ⊙ dP))
                    Softmax.backwardRows(probabilities: p, gradient: scratch, rows: rows, n: g.keys, scale: g.scale)
                    // dQ = dS · K, dK += dSᵀ · Q
                    Gemm.multiply(m: rows, n: g.headDim, k: g.keys, a: scratch, lda: g.keys, b: kh, ldb: k.rowStride,
                                  c: dqh + start * dq.rowStride, ldc: dq.rowStride, parallel: false)
                    Gemm.multiply(transposeA: true, m: g.keys, n: g.headDim, k: rows, a: scratch, lda: g.keys,
                                  b: qh + start * q.rowStride, ldb: q.rowStride, beta: accumulate, c: dkh, ldc: dk.rowStride,
                                  parallel: false)
                }
            }
        }
    }
}
