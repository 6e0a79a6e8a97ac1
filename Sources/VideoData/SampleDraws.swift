import Randomness
/// The random numbers of one sample, a pure function of (seed, epoch, row): which worker loads the
/// sample, and when, cannot change them, so a run is the same with 0, 1 or 8 workers.
///
/// The generator (documented in docs/loader.md, so that another implementation can reproduce it):
/// - key = f(f(f(seed) ⊕ epoch) ⊕ row), where f is SplitMix64's output function applied to
///   x + 0x9E3779B97F4A7C15 (`mix64` below), and ⊕ is xor of the values as 64-bit two's complement;
/// - then a SplitMix64 stream seeded with key: state += 0x9E3779B97F4A7C15, output mix(state);
/// - an integer uniform in [low, high] is low + ⌊u × n / 2^64⌋ with u the next output and
///   n = high − low + 1 (the multiply-high map; its bias is below n / 2^64); an empty range
///   still takes its output.
/// Draws are taken in a fixed order: the temporal crop start first, then for `rand_size_crop`
/// the crop height, width, top and left (Open-Sora's order).
public struct SampleDraws: Sendable {
    private var generator: SeededGenerator

    public init(seed: UInt64, epoch: Int, row: Int) {
        let mix = SeededGenerator.mix
        generator = SeededGenerator(seed: mix(mix(mix(seed) ^ UInt64(bitPattern: Int64(epoch))) ^ UInt64(bitPattern: Int64(row))))
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        generator.next()
    }

    /// Uniform in `low...high` (inclusive, as Python's `random.randint`); `low` when the range is
    /// empty. Always takes one output, so later draws do not depend on earlier ranges.
    public mutating func integer(_ low: Int, _ high: Int) -> Int {
        let bits = next()
        guard high > low else { return low }
        let span = UInt64(high - low) + 1
        return low + Int(bits.multipliedFullWidth(by: span).high)
    }
}
