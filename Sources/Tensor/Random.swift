import Foundation

/// The deterministic generator used for initialisation, noise and every random draw of training.
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

extension Tensor {
    /// Standard normal values times `std`.
    public static func normal(
        shape: [Int], std: Float = 1, using generator: inout SeededGenerator
    ) -> Tensor {
        Tensor(shape: shape) { buffer in
            for i in buffer.indices { buffer[i] = Float(generator.nextNormal()) * std }
        }
    }

    /// Uniform values in [-bound, bound).
    public static func uniform(
        shape: [Int], bound: Float, using generator: inout SeededGenerator
    ) -> Tensor {
        Tensor(shape: shape) { buffer in
            for i in buffer.indices { buffer[i] = Float(generator.nextUniform() * 2 - 1) * bound }
        }
    }
}
