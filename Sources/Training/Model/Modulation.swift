import Tensor

/// adaLN arithmetic between token tensors `[B, N, D]` and per-sample modulation vectors, which
/// sit as chunk `c` (D wide) of a `[B, chunks·D]` tensor produced by one linear layer.
enum Modulation {
    /// `x ⊙ (1 + scale) + shift`, DiT's `modulate`.
    static func modulate(_ x: Tensor, _ mod: Tensor, shift: Int, scale: Int) -> Tensor {
        let (batch, tokens, d) = (x.shape[0], x.shape[1], x.shape[2])
        let width = mod.shape[1]
        return Tensor(shape: x.shape) { out in
            x.data.withUnsafeBufferPointer { px in
                mod.data.withUnsafeBufferPointer { pm in
                    for b in 0..<batch {
                        let sh = pm.baseAddress! + b * width + shift * d
                        let sc = pm.baseAddress! + b * width + scale * d
                        for n in 0..<tokens {
                            let base = (b * tokens + n) * d
                            for j in 0..<d { out[base + j] = px[base + j] * (1 + sc[j]) + sh[j] }
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
        let (batch, tokens, d) = (x.shape[0], x.shape[1], x.shape[2])
        let width = mod.shape[1]
        return Tensor(shape: x.shape) { out in
            x.data.withUnsafeBufferPointer { px in
                dy.data.withUnsafeBufferPointer { pg in
                    mod.data.withUnsafeBufferPointer { pm in
                        dMod.data.withUnsafeMutableBufferPointer { pd in
                            for b in 0..<batch {
                                let sc = pm.baseAddress! + b * width + scale * d
                                let dsh = pd.baseAddress! + b * width + shift * d
                                let dsc = pd.baseAddress! + b * width + scale * d
                                for n in 0..<tokens {
                                    let base = (b * tokens + n) * d
                                    for j in 0..<d {
                                        let g = pg[base + j]
                                        out[base + j] = g * (1 + sc[j])
                                        dsh[j] += g
                                        dsc[j] += g * px[base + j]
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
        let (batch, tokens, d) = (x.shape[0], x.shape[1], x.shape[2])
        let width = mod.shape[1]
        return Tensor(shape: x.shape) { out in
            x.data.withUnsafeBufferPointer { px in
                branch.data.withUnsafeBufferPointer { pb in
                    mod.data.withUnsafeBufferPointer { pm in
                        for b in 0..<batch {
                            let gt = pm.baseAddress! + b * width + gate * d
                            for n in 0..<tokens {
                                let base = (b * tokens + n) * d
                                for j in 0..<d { out[base + j] = px[base + j] + gt[j] * pb[base + j] }
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
        let (batch, tokens, d) = (dy.shape[0], dy.shape[1], dy.shape[2])
        let width = mod.shape[1]
        return Tensor(shape: dy.shape) { out in
            dy.data.withUnsafeBufferPointer { pg in
                branch.data.withUnsafeBufferPointer { pb in
                    mod.data.withUnsafeBufferPointer { pm in
                        dMod.data.withUnsafeMutableBufferPointer { pd in
                            for b in 0..<batch {
                                let gt = pm.baseAddress! + b * width + gate * d
                                let dgt = pd.baseAddress! + b * width + gate * d
                                for n in 0..<tokens {
                                    let base = (b * tokens + n) * d
                                    for j in 0..<d {
                                        out[base + j] = pg[base + j] * gt[j]
                                        dgt[j] += pg[base + j] * pb[base + j]
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
