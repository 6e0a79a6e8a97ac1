/// SplitMix64 (Steele, Lea and Flood, "Fast splittable pseudorandom number generators", 2014; the
/// constants of Vigna's reference `splitmix64.c`): a 64-bit state advanced by the golden-ratio
/// increment and scrambled by two xor-shift-multiply rounds. Chosen for the demo data because it is
/// tiny, fully specified, and gives the same sequence on every platform, so a seed names one dataset.
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `0..<bound`: the high word of `next() × bound` (Lemire's multiply-shift), whose
    /// bias is below bound / 2⁶⁴, far under anything the demo could show.
    mutating func next(below bound: Int) -> Int {
        precondition(bound > 0, "the bound must be positive")
        return Int(next().multipliedFullWidth(by: UInt64(bound)).high)
    }

    /// One element of a non-empty array.
    mutating func pick<Element>(_ choices: [Element]) -> Element { choices[next(below: choices.count)] }

    /// A uniformly random permutation (Fisher–Yates, from the back).
    mutating func shuffled<Element>(_ items: [Element]) -> [Element] {
        var result = items
        for last in stride(from: result.count - 1, to: 0, by: -1) {
            result.swapAt(last, next(below: last + 1))
        }
        return result
    }
}
