/// numpy's `default_rng(seed)`: PCG64 (XSL-RR 128/64) seeded through `SeedSequence`, with the
/// conversions numpy's `Generator` uses. Same seed, same stream as numpy, so bucket draws equal
/// Open-Sora's and our shuffles can be replayed in Python with `numpy.random.default_rng`.
///
/// Seeds are non-negative integers below 2¹²⁸ (numpy rejects negative seeds).
public struct NumpyRandom: Sendable {
    /// The 128-bit LCG state and increment, as (high, low) halves.
    private var stateHigh: UInt64 = 0
    private var stateLow: UInt64 = 0
    private var incHigh: UInt64 = 0
    private var incLow: UInt64 = 0
    /// PCG64 hands out 32-bit values in halves of one 64-bit output, low half first.
    private var bufferedHalf: UInt32?

    private static let multiplierHigh: UInt64 = 2_549_297_995_355_413_924
    private static let multiplierLow: UInt64 = 4_865_540_595_714_422_341

    /// `numpy.random.default_rng(seed)`.
    public init(seed: UInt64) {
        self.init(seedHigh: 0, low: seed)
    }

    /// `numpy.random.default_rng(high·2⁶⁴ + low)`.
    @inline(__always)
    public init(seedHigh high: UInt64, low: UInt64) {
        let words = SeedSequence.pcgSeedWords(high: high, low: low)
        self.init(stateWords: words)
    }

    /// `numpy.random.default_rng(numpy.random.SeedSequence(entropy))` for explicit entropy words.
    public init(entropy: [UInt32]) {
        let words = SeedSequence.generateState64(entropy: entropy, count: 4)
        self.init(stateWords: (words[0], words[1], words[2], words[3]))
    }

    /// `pcg64_set_seed`: the first two words are the initial state (high, low), the last two the
    /// stream selector; then `pcg_setseq_128_srandom_r`.
    @inline(__always)
    private init(stateWords words: (UInt64, UInt64, UInt64, UInt64)) {
        incHigh = words.2 << 1 | words.3 >> 63
        incLow = words.3 << 1 | 1
        step()
        let (low, carry) = stateLow.addingReportingOverflow(words.1)
        stateLow = low
        stateHigh = stateHigh &+ words.0 &+ (carry ? 1 : 0)
        step()
    }

    /// state = state × multiplier + increment (mod 2¹²⁸).
    @inline(__always)
    private mutating func step() {
        let product = stateLow.multipliedFullWidth(by: Self.multiplierLow)
        let high = product.high &+ stateLow &* Self.multiplierHigh &+ stateHigh &* Self.multiplierLow
        let (low, carry) = product.low.addingReportingOverflow(incLow)
        stateLow = low
        stateHigh = high &+ incHigh &+ (carry ? 1 : 0)
    }

    /// The next 64-bit output (`pcg64_next64`): advance, then XOR-fold and rotate.
    @inline(__always)
    public mutating func nextUInt64() -> UInt64 {
        step()
        let folded = stateHigh ^ stateLow
        let rotation = stateHigh >> 58
        return folded >> rotation | folded << ((64 &- rotation) & 63)
    }

    /// `pcg64_next32`: each 64-bit output serves two calls, low half first.
    @inline(__always)
    public mutating func nextUInt32() -> UInt32 {
        if let half = bufferedHalf {
            bufferedHalf = nil
            return half
        }
        let value = nextUInt64()
        bufferedHalf = UInt32(truncatingIfNeeded: value >> 32)
        return UInt32(truncatingIfNeeded: value)
    }

    /// `Generator.random()`: 53 high bits of one output, scaled to [0, 1).
    @inline(__always)
    public mutating func nextDouble() -> Double {
        Double(nextUInt64() >> 11) * (1.0 / 9_007_199_254_740_992.0)
    }

    /// numpy's `random_interval(max)`: uniform in 0...max by masked rejection, drawing 32-bit
    /// values while `max` fits in 32 bits.
    public mutating func nextInterval(_ max: UInt64) -> UInt64 {
        if max == 0 { return 0 }
        var mask = max
        mask |= mask >> 1
        mask |= mask >> 2
        mask |= mask >> 4
        mask |= mask >> 8
        mask |= mask >> 16
        mask |= mask >> 32
        if max <= UInt64(UInt32.max) {
            while true {
                let value = UInt64(nextUInt32()) & mask
                if value <= max { return value }
            }
        }
        while true {
            let value = nextUInt64() & mask
            if value <= max { return value }
        }
    }

    /// `Generator.shuffle(x)` for a 1-d sequence: Fisher–Yates from the end, swapping item i
    /// with `random_interval(i)`.
    public mutating func shuffle<C: MutableCollection & RandomAccessCollection>(_ items: inout C) where C.Index == Int {
        guard items.count > 1 else { return }
        let start = items.startIndex
        for offset in stride(from: items.count - 1, through: 1, by: -1) {
            let other = Int(nextInterval(UInt64(offset)))
            items.swapAt(start + offset, start + other)
        }
    }

    /// `Generator.permutation(n)`: the shuffled `0..<n`.
    public mutating func permutation(_ count: Int) -> [Int] {
        var items = Array(0..<count)
        shuffle(&items)
        return items
    }
}
