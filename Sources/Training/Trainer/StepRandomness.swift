import Tensor

/// The random stream of one training micro-step: a pure function of the run's seed and the step,
/// so a resumed run draws exactly what the uninterrupted run drew at that step, whatever happened
/// before (no generator state needs saving). The mix is SplitMix64's finaliser over both numbers.
enum StepRandomness {
    static func generator(seed: Int64, globalStep: Int, purpose: UInt64 = 0) -> SeededGenerator {
        let base = SeededGenerator.mix(UInt64(bitPattern: seed) ^ (purpose &* 0x9E37_79B9_7F4A_7C15))
        return SeededGenerator(seed: SeededGenerator.mix(base ^ UInt64(globalStep)))
    }
}
