/// numpy's `SeedSequence` (numpy/random/bit_generator.pyx), the entropy mixer behind
/// `numpy.random.default_rng(seed)`: a non-negative integer seed becomes 32-bit words (least
/// significant first), is hashed into a pool of four words, and the pool is stretched into the
/// state words the bit generator is seeded with. Reproduced bit for bit so that draws equal
/// Open-Sora's (checked against numpy with vectors from `scripts/numpy_rng_vectors.py`).
public enum SeedSequence {
    private static let initA: UInt32 = 0x43b0_d7e5
    private static let multA: UInt32 = 0x931e_8875
    private static let initB: UInt32 = 0x8b51_f9dd
    private static let multB: UInt32 = 0x58f3_8ded
    private static let mixMultL: UInt32 = 0xca01_f9dd
    private static let mixMultR: UInt32 = 0x4973_f715
    private static let poolSize = 4

    /// The entropy words of the integer `high·2⁶⁴ + low`: its 32-bit digits, least significant
    /// first, without leading zero words; zero is the one word `[0]` (numpy's
    /// `_coerce_to_uint32_array`).
    public static func words(high: UInt64 = 0, low: UInt64) -> [UInt32] {
        var result = [UInt32(truncatingIfNeeded: low), UInt32(truncatingIfNeeded: low >> 32),
                      UInt32(truncatingIfNeeded: high), UInt32(truncatingIfNeeded: high >> 32)]
        while result.count > 1, result.last == 0 { result.removeLast() }
        return result
    }

    /// `SeedSequence(entropy).generate_state(count, np.uint32)` for any number of entropy words.
    public static func generateState(entropy: [UInt32], count: Int) -> [UInt32] {
        precondition(!entropy.isEmpty, "entropy has at least one word")
        let pool = mixedPool(count: entropy.count) { entropy[$0] }
        var stretcher = Stretcher(pool: pool)
        return (0..<count).map { _ in stretcher.next() }
    }

    /// `generate_state(count, np.uint64)`: pairs of 32-bit words, low word first.
    public static func generateState64(entropy: [UInt32], count: Int) -> [UInt64] {
        let words = generateState(entropy: entropy, count: count * 2)
        return (0..<count).map { UInt64(words[2 * $0]) | UInt64(words[2 * $0 + 1]) << 32 }
    }

    /// The four 64-bit state words PCG64 is seeded with, for the seed `high·2⁶⁴ + low`, without
    /// allocating (this runs once per sample and epoch in bucket assignment).
    @inline(__always)
    static func pcgSeedWords(high: UInt64, low: UInt64) -> (UInt64, UInt64, UInt64, UInt64) {
        let digits = (UInt32(truncatingIfNeeded: low), UInt32(truncatingIfNeeded: low >> 32),
                      UInt32(truncatingIfNeeded: high), UInt32(truncatingIfNeeded: high >> 32))
        let count = digits.3 != 0 ? 4 : digits.2 != 0 ? 3 : digits.1 != 0 ? 2 : 1
        let pool = mixedPool(count: count) { index in
            switch index {
            case 0: return digits.0
            case 1: return digits.1
            case 2: return digits.2
            default: return digits.3
            }
        }
        var stretcher = Stretcher(pool: pool)
        func next64() -> UInt64 {
            let low = UInt64(stretcher.next())
            return low | UInt64(stretcher.next()) << 32
        }
        return (next64(), next64(), next64(), next64())
    }

    /// `mix_entropy`: hashes the entropy words into the four-word pool.
    @inline(__always)
    private static func mixedPool(count: Int, word: (Int) -> UInt32) -> (UInt32, UInt32, UInt32, UInt32) {
        var hashConst = initA
        // hashmix keeps its multiplier across calls: the order of the calls matters.
        func hashmix(_ input: UInt32) -> UInt32 {
            var value = input ^ hashConst
            hashConst = hashConst &* multA
            value = value &* hashConst
            return value ^ (value >> 16)
        }
        func mix(_ x: UInt32, _ y: UInt32) -> UInt32 {
            let result = mixMultL &* x &- mixMultR &* y
            return result ^ (result >> 16)
        }
        var pool = (UInt32(0), UInt32(0), UInt32(0), UInt32(0))
        withUnsafeMutableBytes(of: &pool) { raw in
            let pool = raw.bindMemory(to: UInt32.self)
            for index in 0..<poolSize {
                pool[index] = hashmix(index < count ? word(index) : 0)
            }
            for source in 0..<poolSize {
                for destination in 0..<poolSize where source != destination {
                    pool[destination] = mix(pool[destination], hashmix(pool[source]))
                }
            }
            if count > poolSize {
                for source in poolSize..<count {
                    for destination in 0..<poolSize {
                        pool[destination] = mix(pool[destination], hashmix(word(source)))
                    }
                }
            }
        }
        return pool
    }

    /// `generate_state`'s output loop: cycles through the pool with its own hash multiplier.
    private struct Stretcher {
        var pool: (UInt32, UInt32, UInt32, UInt32)
        var hashConst = SeedSequence.initB
        var index = 0

        @inline(__always)
        mutating func next() -> UInt32 {
            let source: UInt32
            switch index % 4 {
            case 0: source = pool.0
            case 1: source = pool.1
            case 2: source = pool.2
            default: source = pool.3
            }
            index += 1
            var value = source ^ hashConst
            hashConst = hashConst &* SeedSequence.multB
            value = value &* hashConst
            return value ^ (value >> 16)
        }
    }
}
