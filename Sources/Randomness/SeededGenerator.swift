import Foundation

/// The one deterministic generator of strata: weight initialisation, training noise, the demo
/// dataset, the loader's per-sample draws and the hashed text embeddings all draw from it.
///
/// SplitMix64 (Steele, Lea and Flood, "Fast splittable pseudorandom number generators", 2014):
/// state += 0x9E3779B97F4A7C15, then two xor-shift-multiply rounds. Floats take the top 24 bits
/// (uniform in [0, 1) with spacing 2⁻²⁴); normals use the Box–Muller transform on two uniforms in
/// Double, both outputs used in turn. The same seed gives the same stream on every platform.
public struct SeededGenerator: RandomNumberGenerator, Sendable, Equatable {
    public private(set) var state: UInt64
    private var spareNormal: Double?

    public init(seed: UInt64) {
        state = seed
        spareNormal = nil
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    public mutating func nextUniform() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A standard normal draw.
    public mutating func nextNormal() -> Double {
        if let spare = spareNormal {
            spareNormal = nil
            return spare
        }
        var u1 = nextUniform()
        while u1 <= 0 { u1 = nextUniform() }
        let u2 = nextUniform()
        let radius = (-2 * log(u1)).squareRoot()
        let angle = 2 * Double.pi * u2
        spareNormal = radius * sin(angle)
        return radius * cos(angle)
    }

    /// A derived generator for a sub-stream (e.g. one per parameter), independent of later draws here.
    public mutating func split() -> SeededGenerator {
        SeededGenerator(seed: next())
    }
}

extension SeededGenerator {
    /// A number in `0..<bound`: the high word of `next() × bound` (Lemire's multiply-shift), whose
    /// bias is below bound / 2⁶⁴.
    public mutating func next(below bound: Int) -> Int {
        precondition(bound > 0, "the bound must be positive")
        return Int(next().multipliedFullWidth(by: UInt64(bound)).high)
    }

    /// One element of a non-empty array.
    public mutating func pick<Element>(_ choices: [Element]) -> Element { choices[next(below: choices.count)] }

    /// A uniformly random permutation (Fisher–Yates, from the back).
    public mutating func shuffled<Element>(_ items: [Element]) -> [Element] {
        var result = items
        for last in stride(from: result.count - 1, to: 0, by: -1) {
            result.swapAt(last, next(below: last + 1))
        }
        return result
    }

    /// SplitMix64's output for the single input `value`: the first draw of a generator seeded with
    /// it. Spreads consecutive inputs over all 64 bits (used to derive keys from seeds).
    public static func mix(_ value: UInt64) -> UInt64 {
        var generator = SeededGenerator(seed: value)
        return generator.next()
    }
}
