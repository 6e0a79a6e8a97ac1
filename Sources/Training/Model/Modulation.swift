import Tensor

/// adaLN arithmetic between token tensors `[B, N, D]` and per-sample modulation vectors, which
/// sit as chunk `c` (D wide) of a `[B, chunks·D]` tensor produced by one linear layer.
///
/// Large tensors are split over the threads: the forward maps by rows, the backward passes by
/// whole samples, so each sample's modulation gradient is summed by one thread in token order
/// (the same result at any thread count).
enum Modulation {
    /// `x ⊙ (1 + scale) + shift`, DiT's `modulate`.
    static func modulate(_ x: Tensor, _ mod: Tensor, shift: Int, scale: Int) -> Tensor {
        let (tokens, d) = (x.shape[1], x.shape[2])
        let width = mod.shape[1]
        return Tensor(shape: x.shape) { out in
            x.data.withUnsafeBufferPointer { px in
                mod.data.withUnsafeBufferPointer { pm in
                    let (source, target, vectors) = (px.baseAddress!, out.baseAddress!, pm.baseAddress!)
                    Tensor.elementRanges(out.count, granularity: d) { range in
                        for row in (range.lowerBound / d)..<(range.upperBound / d) {
                            let vector = vectors + (row / tokens) * width
                            let (sh, sc) = (vector + shift * d, vector + scale * d)
                            let (input, output) = (source + row * d, target + row * d)
                            for j in 0..<d { output[j] = input[j] * (1 + sc[j]) + sh[j] }
                        }
                    }
                }
            }
        }
    }

    /// Backward of `modulate`: adds `dshift`, `dscale` into `dMod` and returns `dx`.
    static func modulateBackward(
        _ dy: Tensor, input x: Tensor, _ mod: Tensor, shift: Int, scale: Int, dMod: inout Tensor
    ) -> Tensor {
        let (tokens, d) = (x.shape[1], x.shape[2])
        let width = mod.shape[1]
        return Tensor(shape: x.shape) { out in
            x.data.withUnsafeBufferPointer { px in
                dy.data.withUnsafeBufferPointer { pg in
                    mod.data.withUnsafeBufferPointer { pm in
                        dMod.data.withUnsafeMutableBufferPointer { pd in
                            let (source, gradient, target) = (px.baseAddress!, pg.baseAddress!, out.baseAddress!)
                            let (vectors, vectorGradients) = (pm.baseAddress!, pd.baseAddress!)
                            forEachSample(of: x) { b in
                                let sc = vectors + b * width + scale * d
                                let dsh = vectorGradients + b * width + shift * d
                                let dsc = vectorGradients + b * width + scale * d
                                for n in 0..<tokens {
                                    let base = (b * tokens + n) * d
                                    let (g, input, output) = (gradient + base, source + base, target + base)
                                    for j in 0..<d {
                                        output[j] = g[j] * (1 + sc[j])
                                        dsh[j] += g[j]
                                        dsc[j] += g[j] * input[j]
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// `x + gate ⊙ branch`.
    static func gatedAdd(_ x: Tensor, _ branch: Tensor, _ mod: Tensor, gate: Int) -> Tensor {
        let (tokens, d) = (x.shape[1], x.shape[2])
        let width = mod.shape[1]
        return Tensor(shape: x.shape) { out in
            x.data.withUnsafeBufferPointer { px in
                branch.data.withUnsafeBufferPointer { pb in
                    mod.data.withUnsafeBufferPointer { pm in
                        let (source, added, target, vectors) = (px.baseAddress!, pb.baseAddress!, out.baseAddress!, pm.baseAddress!)
                        Tensor.elementRanges(out.count, granularity: d) { range in
                            for row in (range.lowerBound / d)..<(range.upperBound / d) {
                                let gt = vectors + (row / tokens) * width + gate * d
                                let (input, other, output) = (source + row * d, added + row * d, target + row * d)
                                for j in 0..<d { output[j] = input[j] + gt[j] * other[j] }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Backward of `gatedAdd` for the branch and the gate (the residual path passes `dy` through):
    /// adds `dgate` into `dMod` and returns `dbranch`.
    static func gatedAddBackward(_ dy: Tensor, branch: Tensor, _ mod: Tensor, gate: Int, dMod: inout Tensor) -> Tensor {
        let (tokens, d) = (dy.shape[1], dy.shape[2])
        let width = mod.shape[1]
        return Tensor(shape: dy.shape) { out in
            dy.data.withUnsafeBufferPointer { pg in
                branch.data.withUnsafeBufferPointer { pb in
                    mod.data.withUnsafeBufferPointer { pm in
                        dMod.data.withUnsafeMutableBufferPointer { pd in
                            let (gradient, added, target) = (pg.baseAddress!, pb.baseAddress!, out.baseAddress!)
                            let (vectors, vectorGradients) = (pm.baseAddress!, pd.baseAddress!)
                            forEachSample(of: dy) { b in
                                let gt = vectors + b * width + gate * d
                                let dgt = vectorGradients + b * width + gate * d
                                for n in 0..<tokens {
                                    let base = (b * tokens + n) * d
                                    let (g, other, output) = (gradient + base, added + base, target + base)
                                    for j in 0..<d {
                                        output[j] = g[j] * gt[j]
                                        dgt[j] += g[j] * other[j]
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Runs `body(b)` for every sample b of a `[B, N, D]` tensor, whole samples per thread, so that
    /// each sample's modulation gradient is summed by one thread in token order.
    private static func forEachSample(of x: Tensor, _ body: (Int) -> Void) {
        let sample = x.shape[1] * x.shape[2]
        Tensor.elementRanges(x.count, granularity: sample) { range in
            for b in (range.lowerBound / sample)..<(range.upperBound / sample) { body(b) }
        }
    }
}
