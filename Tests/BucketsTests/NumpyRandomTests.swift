import Testing
@testable import Buckets

/// NumpyRandom against numpy's own output (vectors from scripts/numpy_rng_vectors.py).
struct NumpyRandomTests {
    /// A seed from the vectors, split in 64-bit halves (some are ≥ 2⁶⁴).
    static func seedHalves(_ text: Substring) -> (high: UInt64, low: UInt64) {
        var high: UInt64 = 0
        var low: UInt64 = 0
        for digit in text.utf8 {
            // (high, low) × 10 + digit in 128-bit arithmetic.
            let lowProduct = low.multipliedFullWidth(by: 10)
            high = high &* 10 &+ lowProduct.high
            let (sum, carry) = lowProduct.low.addingReportingOverflow(UInt64(digit - 48))
            low = sum
            if carry { high &+= 1 }
        }
        return (high, low)
    }

    static func lines(_ tag: String) -> [[Substring]] {
        numpyRNGVectors.split(separator: "\n").map { $0.split(separator: " ") }.filter { $0.first == Substring(tag) }
    }

    @Test func firstDoublesMatchNumpyForThousandsOfSeeds() {
        let lines = Self.lines("D")
        #expect(lines.count > 2000)
        var beyond32 = 0
        for fields in lines {
            let seed = Self.seedHalves(fields[1])
            if seed.high != 0 || seed.low > UInt64(UInt32.max) { beyond32 += 1 }
            var rng = NumpyRandom(seedHigh: seed.high, low: seed.low)
            let got = (0..<3).map { _ in UInt64(rng.nextDouble() * 9_007_199_254_740_992.0) }
            let want = fields[2...].map { UInt64($0, radix: 16)! }
            #expect(got == want, "seed \(fields[1])")
        }
        #expect(beyond32 > 500)
    }

    @Test func rawStreamsMatchNumpy() {
        let lines = Self.lines("S")
        #expect(!lines.isEmpty)
        for fields in lines {
            let seed = Self.seedHalves(fields[1])
            var rng = NumpyRandom(seedHigh: seed.high, low: seed.low)
            let got = (0..<20).map { _ in rng.nextUInt64() }
            #expect(got == fields[2...].map { UInt64($0, radix: 16)! }, "seed \(fields[1])")
        }
    }

    @Test func permutationsAndShufflesMatchNumpy() {
        for fields in Self.lines("P") {
            var rng = NumpyRandom(seed: UInt64(fields[1])!)
            #expect(rng.permutation(Int(fields[2])!) == fields[3...].map { Int($0)! }, "seed \(fields[1])")
        }
        let mixed = Self.lines("G")
        #expect(mixed.count == 3)
        for fields in mixed {
            var rng = NumpyRandom(seed: UInt64(fields[1])!)
            for _ in 0..<3 { _ = rng.nextDouble() }
            var items = Array(0..<Int(fields[2])!)
            rng.shuffle(&items)
            #expect(items == fields[3...].map { Int($0)! }, "seed \(fields[1])")
        }
    }

    @Test func entropyWordsFollowNumpy() {
        #expect(SeedSequence.words(low: 0) == [0])
        #expect(SeedSequence.words(low: 1 << 32) == [0, 1])
        #expect(SeedSequence.words(high: 1, low: 5) == [5, 0, 1])
        // The explicit-entropy initialiser and the seed initialiser agree.
        var a = NumpyRandom(entropy: [7, 3])
        var b = NumpyRandom(seed: 3 << 32 | 7)
        #expect(a.nextUInt64() == b.nextUInt64())
    }
}
