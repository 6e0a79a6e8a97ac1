import Testing
@testable import Tensor

/// A random normal tensor from a fixed seed.
func randomTensor(_ shape: [Int], seed: UInt64, std: Float = 1) -> Tensor {
    var generator = SeededGenerator(seed: seed)
    return .normal(shape: shape, std: std, using: &generator)
}

/// Finite-difference step and tolerance for Float32 layers: with h = 1e-2 the worst relative error
/// measured over every check of this target was 6.8e-5 (fc1.weight of the MLP); 1e-3 leaves a 15×
/// margin while a wrong formula gives errors of order 1.
let finiteDifferenceStep: Float = 1e-2
let gradientTolerance = 1e-3

/// Checks `analytic` against central differences of `loss` at up to 24 sampled elements of `value`.
func expectGradient(
    _ label: String, value: Tensor, analytic: Tensor, loss: (Tensor) -> Double,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(analytic.shape == value.shape, "\(label): gradient shape", sourceLocation: sourceLocation)
    let indices = GradientCheck.sampleIndices(count: value.count, limit: 24, seed: UInt64(value.count))
    let numeric = GradientCheck.numericGradient(of: value, at: indices, step: finiteDifferenceStep, loss: loss)
    let error = GradientCheck.relativeError(analytic: analytic, numeric: numeric, at: indices)
    #expect(error < gradientTolerance, "\(label): relative error \(error)", sourceLocation: sourceLocation)
}

/// Naive triple-loop product of row-major matrices, in Double.
func naiveMatmul(_ a: [Float], _ b: [Float], m: Int, n: Int, k: Int) -> [Float] {
    var c = [Float](repeating: 0, count: m * n)
    for i in 0..<m {
        for j in 0..<n {
            var s = 0.0
            for p in 0..<k { s += Double(a[i * k + p]) * Double(b[p * n + j]) }
            c[i * n + j] = Float(s)
        }
    }
    return c
}

/// The matrix transpose of a row-major `[rows, columns]` tensor.
func transposed(_ t: Tensor) -> Tensor { t.permuted([1, 0]) }

/// `body()` with `Tensor.threads` set to `count`; the previous setting is restored after.
func withThreads<T>(_ count: Int, _ body: () throws -> T) rethrows -> T {
    let before = Tensor.threads
    Tensor.setThreads(count)
    defer { Tensor.setThreads(before) }
    return try body()
}
