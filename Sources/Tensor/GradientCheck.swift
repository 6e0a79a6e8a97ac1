/// Central finite differences, for checking backward passes.
public enum GradientCheck {
    /// Picks up to `limit` distinct element indices of a tensor with `count` elements,
    /// deterministically (all of them when `count <= limit`).
    public static func sampleIndices(count: Int, limit: Int, seed: UInt64) -> [Int] {
        guard count > limit else { return Array(0..<count) }
        var generator = SeededGenerator(seed: seed)
        var chosen = Set<Int>()
        while chosen.count < limit { chosen.insert(Int(generator.next() % UInt64(count))) }
        return chosen.sorted()
    }

    /// `(loss(x + h·eᵢ) − loss(x − h·eᵢ)) / 2h` for each index `i`, perturbing a copy of `value`.
    public static func numericGradient(
        of value: Tensor, at indices: [Int], step: Float, loss: (Tensor) -> Double
    ) -> [Double] {
        var probe = value
        return indices.map { i in
            let original = probe.data[i]
            probe.data[i] = original + step
            let plus = loss(probe)
            probe.data[i] = original - step
            let minus = loss(probe)
            probe.data[i] = original
            // The step actually applied (Float rounding of original ± step).
            let applied = Double(original + step) - Double(original - step)
            return (plus - minus) / applied
        }
    }

    /// The worst error between the analytic gradient and the numeric one at `indices`, relative to
    /// the largest numeric magnitude among them (so near-zero entries do not dominate).
    public static func relativeError(analytic: Tensor, numeric: [Double], at indices: [Int]) -> Double {
        let scale = max(numeric.map(abs).max() ?? 0, 1e-6)
        var worst = 0.0
        for (n, i) in zip(numeric, indices) {
            worst = max(worst, abs(Double(analytic.data[i]) - n) / scale)
        }
        return worst
    }

    /// `Σ output ⊙ weights` in Double: a scalar loss whose gradient with respect to the output is
    /// `weights` (random weights make every output element matter).
    public static func weightedSum(_ output: Tensor, weights: Tensor) -> Double {
        precondition(output.shape == weights.shape, "weights \(weights.shape) for output \(output.shape)")
        var total = 0.0
        for i in 0..<output.count { total += Double(output.data[i]) * Double(weights.data[i]) }
        return total
    }
}
