import COpenBLAS

/// Row-major single-precision matrix products, all through `cblas_sgemm`.
public enum Gemm {
    /// Products with fewer multiply-adds than this run on one thread (splitting costs more).
    static let parallelThreshold = 1 << 18

    /// `C = alpha · op(A) · op(B) + beta · C` with `op(A)` m×k, `op(B)` k×n, `C` m×n, every
    /// matrix row-major with the given leading dimensions (row strides, so sub-matrices and
    /// interleaved heads work without copies). Large products are split into blocks of rows of C
    /// over `Tensor.threads` threads unless `parallel` is false (callers already running in
    /// parallel pass false).
    @inline(__always)
    public static func multiply(
        transposeA: Bool = false, transposeB: Bool = false,
        m: Int, n: Int, k: Int, alpha: Float = 1,
        a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int,
        beta: Float = 0,
        c: UnsafeMutablePointer<Float>, ldc: Int,
        parallel: Bool = true
    ) {
        guard m > 0, n > 0 else { return }
        if parallel && m >= 16 && m * n * k >= parallelThreshold && Tensor.threads > 1 {
            ParallelLoop.ranges(m) { rows in
                // Rows r of op(A) start at a + r·lda, or at column r (a + r) when A is transposed.
                let aBlock = transposeA ? a + rows.lowerBound : a + rows.lowerBound * lda
                multiply(transposeA: transposeA, transposeB: transposeB, m: rows.count, n: n, k: k, alpha: alpha,
                         a: aBlock, lda: lda, b: b, ldb: ldb, beta: beta,
                         c: c + rows.lowerBound * ldc, ldc: ldc, parallel: false)
            }
            return
        }
        if k == 0 {
            // BLAS would leave C untouched for beta == 0 only in some builds; do it explicitly.
            for row in 0..<m {
                let line = c + row * ldc
                for column in 0..<n { line[column] = beta == 0 ? 0 : beta * line[column] }
            }
            return
        }
        BLASCore.ensureSelected()
        cblas_sgemm(
            CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
            blasint(m), blasint(n), blasint(k), alpha,
            a, blasint(lda), b, blasint(ldb), beta, c, blasint(ldc))
    }
}

extension Gemm {
    /// `y = op(A) · x + beta · y` for a row-major m×n `A` (`op` transposes it when asked), one
    /// `cblas_sgemv` on the calling thread.
    public static func multiplyVector(
        transpose: Bool = false, m: Int, n: Int, a: UnsafePointer<Float>, lda: Int,
        x: UnsafePointer<Float>, beta: Float = 0, y: UnsafeMutablePointer<Float>
    ) {
        guard m > 0, n > 0 else { return }
        BLASCore.ensureSelected()
        cblas_sgemv(CblasRowMajor, transpose ? CblasTrans : CblasNoTrans, blasint(m), blasint(n), 1,
                    a, blasint(lda), x, 1, beta, y, 1)
    }
}

extension Tensor {
    /// The matrix product of two matrices, optionally transposed: `op(a) · op(b)`.
    public static func matmul(
        _ a: Tensor, _ b: Tensor, transposeA: Bool = false, transposeB: Bool = false
    ) -> Tensor {
        precondition(a.rank == 2 && b.rank == 2, "matmul takes matrices, got \(a.shape) and \(b.shape)")
        let (m, k) = transposeA ? (a.shape[1], a.shape[0]) : (a.shape[0], a.shape[1])
        let (kb, n) = transposeB ? (b.shape[1], b.shape[0]) : (b.shape[0], b.shape[1])
        precondition(k == kb, "matmul inner extents differ: \(a.shape) and \(b.shape)")
        return Tensor(shape: [m, n]) { c in
            a.data.withUnsafeBufferPointer { pa in
                b.data.withUnsafeBufferPointer { pb in
                    Gemm.multiply(
                        transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
                        a: pa.baseAddress!, lda: a.shape[1], b: pb.baseAddress!, ldb: b.shape[1],
                        c: c.baseAddress!, ldc: n)
                }
            }
        }
    }

    /// Batched matrix products over the leading dimensions: `a` is `[batch…, m, k]`, `b` is
    /// `[batch…, k, n]` (same batch dimensions) or a single `[k, n]` shared by every batch entry.
    public static func batchedMatmul(
        _ a: Tensor, _ b: Tensor, transposeA: Bool = false, transposeB: Bool = false
    ) -> Tensor {
        precondition(a.rank >= 2 && b.rank >= 2, "batchedMatmul needs rank ≥ 2")
        let batchShape = Array(a.shape.dropLast(2))
        let batch = batchShape.reduce(1, *)
        let sharedB = b.rank == 2
        precondition(sharedB || Array(b.shape.dropLast(2)) == batchShape, "batch dimensions differ: \(a.shape) and \(b.shape)")
        let (ar, ac) = (a.shape[a.rank - 2], a.shape[a.rank - 1])
        let (br, bc) = (b.shape[b.rank - 2], b.shape[b.rank - 1])
        let (m, k) = transposeA ? (ac, ar) : (ar, ac)
        let (kb, n) = transposeB ? (bc, br) : (br, bc)
        precondition(k == kb, "batchedMatmul inner extents differ: \(a.shape) and \(b.shape)")
        if sharedB && !transposeA {
            // One product over all rows at once: much better for BLAS than many small ones.
            let flat = matmul(a.reshaped([batch * m, k]), b, transposeB: transposeB)
            return flat.reshaped(batchShape + [m, n])
        }
        return Tensor(shape: batchShape + [m, n]) { c in
            a.data.withUnsafeBufferPointer { pa in
                b.data.withUnsafeBufferPointer { pb in
                    for index in 0..<batch {
                        Gemm.multiply(
                            transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
                            a: pa.baseAddress! + index * ar * ac, lda: ac,
                            b: pb.baseAddress! + (sharedB ? 0 : index * br * bc), ldb: bc,
                            c: c.baseAddress! + index * m * n, ldc: n)
                    }
                }
            }
        }
    }
}
