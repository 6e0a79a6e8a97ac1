@_exported import Randomness

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
