import Tensor

/// The random streams of one training micro-step: pure functions of the run's seed, the step and
/// the sample's position in the step's global batch (over all data-parallel ranks), so a resumed
/// run draws exactly what the uninterrupted run drew at that step, whatever happened before (no
/// generator state needs saving), and a sample draws the same whichever rank trains it. The mix
/// is SplitMix64's finaliser.
enum StepRandomness {
    static func generator(seed: Int64, globalStep: Int, purpose: UInt64 = 0) -> SeededGenerator {
        let base = SeededGenerator.mix(UInt64(bitPattern: seed) ^ (purpose &* 0x9E37_79B9_7F4A_7C15))
        return SeededGenerator(seed: SeededGenerator.mix(base ^ UInt64(globalStep)))
    }

    /// One stream per sample: samples `firstSample ..< firstSample + count` of the global batch.
    static func sampleStreams(seed: Int64, globalStep: Int, firstSample: Int, count: Int) -> [SeededGenerator] {
        let step = generator(seed: seed, globalStep: globalStep)
        return (firstSample..<(firstSample + count)).map { SeededGenerator(seed: SeededGenerator.mix(step.state ^ UInt64($0))) }
    }
}
