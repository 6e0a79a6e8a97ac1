/// The global L2 norm of all gradients together, as `torch.nn.utils.clip_grad_norm_` computes it
/// (the norm of the per-tensor norms). Summed in Double, so it does not depend on how the
/// elements are split into tensors beyond rounding of the final Float.
public func globalGradientNorm(_ gradients: [Tensor]) -> Float {
    var sumOfSquares = 0.0
    for gradient in gradients {
        gradient.data.withUnsafeBufferPointer { values in
            for value in values { sumOfSquares += Double(value) * Double(value) }
        }
    }
    return Float(sumOfSquares.squareRoot())
}

/// Scales `gradients` so their global L2 norm is at most `maxNorm`, and returns the norm before
/// clipping (what Open-Sora logs as `global_grad_norm`). As torch's `clip_grad_norm_`, the scale is
/// `min(1, maxNorm / (norm + 1e-6))`; a `maxNorm` of 0 or less disables clipping, as ColossalAI's
/// `max_norm` does (Open-Sora's `grad_clip`).
@discardableResult
public func clipGradientNorm(_ gradients: inout [Tensor], maxNorm: Float) -> Float {
    let norm = globalGradientNorm(gradients)
    guard maxNorm > 0, norm.isFinite else { return norm }
    let coefficient = maxNorm / (norm + 1e-6)
    guard coefficient < 1 else { return norm }
    for index in gradients.indices {
        gradients[index].data.withUnsafeMutableBufferPointer { values in
            for i in 0..<values.count { values[i] *= coefficient }
        }
    }
    return norm
}
