/// Scaled dot-product attention over heads that live interleaved in wider rows (e.g. the `[q|k|v]`
/// rows of a fused projection): every product is one `cblas_sgemm` per (sample, head) with row
/// strides. Only the keys and values of one (sample, head) are copied into small contiguous
/// buffers (one of them transposed): with a 16-wide head, OpenBLAS ran `q·kᵀ` from interleaved
/// rows through its general path (zero-fill and packing of every score block) at half the speed
/// of the same product against a contiguous `kᵀ`, and `p·v` a third slower than against a
/// contiguous `v` (64×592×16 blocks of the demo's video batch, SkylakeX kernels).
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
            let headSize = g.keys * g.headDim
            let scratch = UnsafeMutablePointer<Float>.allocate(capacity: 2 * headSize)
            defer { scratch.deallocate() }
            let (keysT, values) = (scratch, scratch + headSize)
            for pair in pairs {
                let (b, h) = pair.quotientAndRemainder(dividingBy: g.heads)
                let qh = q.at(batch: b, head: h, headDim: g.headDim)
                gather(k.at(batch: b, head: h, headDim: g.headDim), rowStride: k.rowStride, rows: g.keys,
                       width: g.headDim, transposedInto: keysT)
                gather(v.at(batch: b, head: h, headDim: g.headDim), rowStride: v.rowStride, rows: g.keys,
                       width: g.headDim, into: values)
                let out = output + b * g.queries * g.model + h * g.headDim
                for start in stride(from: 0, to: g.queries, by: queryBlock) {
                    let rows = min(queryBlock, g.queries - start)
                    let p = probabilities + pair * square + start * g.keys
                    Gemm.multiply(m: rows, n: g.keys, k: g.headDim, alpha: g.scale,
                                  a: qh + start * q.rowStride, lda: q.rowStride, b: keysT, ldb: g.keys,
                                  c: p, ldc: g.keys, parallel: false)
                    Softmax.rows(p, rows: rows, n: g.keys, valid: keyValid.map { $0 + b * g.keys })
                    Gemm.multiply(m: rows, n: g.headDim, k: g.keys, a: p, lda: g.keys, b: values, ldb: g.headDim,
                                  c: out + start * g.model, ldc: g.model, parallel: false)
                }
            }
        }
    }

    /// Given `dL/dOutput` (`[B, Nq, H·d]`) and the forward pass' `output` and `probabilities`,
    /// writes `dL/dq`, `dL/dk`, `dL/dv` into the strided destinations (overwriting them).
    public static func backward(
        outputGradient dOut: UnsafePointer<Float>, output: UnsafePointer<Float>, probabilities: UnsafePointer<Float>,
        q: Heads, k: Heads, v: Heads, geometry g: Geometry,
        dq: Heads, dk: Heads, dv: Heads
    ) {
        let square = g.queries * g.keys
        ParallelLoop.ranges(g.batch * g.heads) { pairs in
            let headSize = g.keys * g.headDim
            let block = min(queryBlock, g.queries) * g.keys
            let buffer = UnsafeMutablePointer<Float>.allocate(capacity: block + 2 * headSize + queryBlock)
            defer { buffer.deallocate() }
            let (scratch, keys, valuesT) = (buffer, buffer + block, buffer + block + headSize)
            let dots = buffer + block + 2 * headSize
            for pair in pairs {
                let (b, h) = pair.quotientAndRemainder(dividingBy: g.heads)
                let qh = q.at(batch: b, head: h, headDim: g.headDim)
                gather(k.at(batch: b, head: h, headDim: g.headDim), rowStride: k.rowStride, rows: g.keys,
                       width: g.headDim, into: keys)
                gather(v.at(batch: b, head: h, headDim: g.headDim), rowStride: v.rowStride, rows: g.keys,
                       width: g.headDim, transposedInto: valuesT)
                let (dqh, dkh, dvh) = (dq.at(batch: b, head: h, headDim: g.headDim), dk.at(batch: b, head: h, headDim: g.headDim),
                                       dv.at(batch: b, head: h, headDim: g.headDim))
                for start in stride(from: 0, to: g.queries, by: queryBlock) {
                    let rows = min(queryBlock, g.queries - start)
                    let p = probabilities + pair * square + start * g.keys
                    let dO = dOut + b * g.queries * g.model + h * g.headDim + start * g.model
                    let o = output + b * g.queries * g.model + h * g.headDim + start * g.model
                    let accumulate: Float = start == 0 ? 0 : 1
                    // dP = dO · vᵀ
                    Gemm.multiply(m: rows, n: g.keys, k: g.headDim, a: dO, lda: g.model,
                                  b: valuesT, ldb: g.keys, c: scratch, ldc: g.keys, parallel: false)
                    // dV += Pᵀ · dO
                    Gemm.multiply(transposeA: true, m: g.keys, n: g.headDim, k: rows, a: p, lda: g.keys,
                                  b: dO, ldb: g.model, beta: accumulate, c: dvh, ldc: dv.rowStride, parallel: false)
                    // dS = scale · P ⊙ (dP − rowsum(P ⊙ dP)), where rowsum(P ⊙ (dO·vᵀ)) = dO·(P·v) = dO·O:
                    // a head's worth of products per row instead of a row of keys' worth.
                    for row in 0..<rows {
                        var dot: Float = 0
                        for d in 0..<g.headDim { dot += dO[row * g.model + d] * o[row * g.model + d] }
                        dots[row] = dot
                    }
                    Softmax.backwardRows(probabilities: p, gradient: scratch, rows: rows, n: g.keys, rowDots: dots, scale: g.scale)
                    // dQ = dS · K, dK += dSᵀ · Q
                    Gemm.multiply(m: rows, n: g.headDim, k: g.keys, a: scratch, lda: g.keys, b: keys, ldb: g.headDim,
                                  c: dqh + start * dq.rowStride, ldc: dq.rowStride, parallel: false)
                    Gemm.multiply(transposeA: true, m: g.keys, n: g.headDim, k: rows, a: scratch, lda: g.keys,
                                  b: qh + start * q.rowStride, ldb: q.rowStride, beta: accumulate, c: dkh, ldc: dk.rowStride,
                                  parallel: false)
                }
            }
        }
    }

    /// Copies `rows` rows of `width` floats, `rowStride` apart, into a dense `rows × width` block.
    @inline(__always)
    static func gather(
        _ source: UnsafePointer<Float>, rowStride: Int, rows: Int, width: Int, into target: UnsafeMutablePointer<Float>
    ) {
        for row in 0..<rows {
            let (line, dense) = (source + row * rowStride, target + row * width)
            for column in 0..<width { dense[column] = line[column] }
        }
    }

    /// Copies `rows` rows of `width` floats, `rowStride` apart, transposed into a dense
    /// `width × rows` block.
    @inline(__always)
    static func gather(
        _ source: UnsafePointer<Float>, rowStride: Int, rows: Int, width: Int,
        transposedInto target: UnsafeMutablePointer<Float>
    ) {
        for row in 0..<rows {
            let line = source + row * rowStride
            for column in 0..<width { target[column * rows + row] = line[column] }
        }
    }
}
