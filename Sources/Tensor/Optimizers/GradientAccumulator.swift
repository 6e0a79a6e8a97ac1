/// Gradient accumulation over `steps` micro-batches, as Open-Sora does it: each micro-batch's loss
/// is divided by `accumulation_steps` before backward and the gradients add up, so the optimizer
/// sees the *mean* of the micro-batch gradients; the optimizer steps when `(step + 1) %
/// accumulation_steps == 0` (scripts/diffusion/train.py). Here the caller passes the unscaled
/// gradients of each micro-batch and the accumulator adds `gradient × (1/steps)`.
///
/// Open-Sora counts `step` within the epoch, so when an epoch's length is not a multiple of
/// `accumulation_steps` the leftover gradients carry into the next epoch's first group (it never
/// zeroes them). The accumulator carries its partial sum the same way; its `state()` saves it so a
/// checkpoint taken mid-group resumes exactly.
public struct GradientAccumulator: Sendable, Equatable {
    public let names: [String]
    public let steps: Int
    /// Micro-batches added to the current group.
    public private(set) var pending = 0
    private var sums: [Tensor]

    public init(names: [String], shapes: [[Int]], steps: Int) {
        precondition(steps >= 1, "accumulation over \(steps) steps")
        precondition(names.count == shapes.count, "\(names.count) names for \(shapes.count) shapes")
        self.names = names
        self.steps = steps
        sums = shapes.map { Tensor(shape: $0) }
    }

    /// Adds one micro-batch's gradients; returns the averaged gradients when this completes a group
    /// of `steps` (and starts a new group), nil otherwise.
    public mutating func add(_ gradients: [Tensor]) -> [Tensor]? {
        precondition(gradients.count == sums.count, "accumulator over \(sums.count) tensors got \(gradients.count)")
        let scale = 1 / Float(steps)
        for index in sums.indices {
            precondition(gradients[index].shape == sums[index].shape, "gradient of '\(names[index])' changed shape")
            if steps == 1 { continue }
            sums[index].data.withUnsafeMutableBufferPointer { sum in
                gradients[index].data.withUnsafeBufferPointer { g in
                    for i in 0..<sum.count { sum[i] += g[i] * scale }
                }
            }
        }
        pending += 1
        guard pending == steps else { return nil }
        pending = 0
        if steps == 1 { return gradients }
        let result = sums
        for index in sums.indices { sums[index] = Tensor(shape: sums[index].shape) }
        return result
    }

    /// The partial sums (`<name>.grad_sum`) and the count of pending micro-batches (metadata).
    public func state() -> SafetensorsFile {
        var file = SafetensorsFile(metadata: ["accumulation_steps": String(steps), "pending": String(pending)])
        if pending > 0 {
            for (index, name) in names.enumerated() { file.tensors["\(name).grad_sum"] = sums[index] }
        }
        return file
    }

    public mutating func restore(from state: SafetensorsFile) throws {
        guard let text = state.metadata["pending"], let count = Int(text), count >= 0, count < steps else {
            throw OptimizerStateError("the accumulation state has no valid pending count below \(steps)")
        }
        var restored = sums.map { Tensor(shape: $0.shape) }
        if count > 0 {
            for (index, name) in names.enumerated() {
                guard let tensor = state.tensors["\(name).grad_sum"], tensor.shape == sums[index].shape else {
                    throw OptimizerStateError("the accumulation state has no '\(name).grad_sum' of shape \(sums[index].shape)")
                }
                restored[index] = tensor
            }
        }
        sums = restored
        pending = count
    }
}
