import Testing
@testable import ConfigLang

/// A small deterministic generator (SplitMix64) so that failures reproduce.
struct FuzzRandom {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(n, 1))) }

    /// Inserts, deletes and replaces scalars of `seed` with ones from `alphabet`.
    mutating func mutate(_ seed: String, alphabet: [String]) -> String {
        var scalars = Array(seed.unicodeScalars)
        for _ in 0..<(1 + below(6)) {
            let position = below(scalars.count + 1)
            let piece = Array(alphabet[below(alphabet.count)].unicodeScalars)
            switch below(3) {
            case 0: scalars.insert(contentsOf: piece, at: position)
            case 1: if position < scalars.count { scalars.removeSubrange(position..<min(scalars.count, position + 1 + below(4))) }
            default: if position < scalars.count { scalars.replaceSubrange(position..<position + 1, with: piece) }
            }
        }
        var out = ""
        out.unicodeScalars.append(contentsOf: scalars)
        return out
    }
}

@Suite struct PythonFuzzTests {
    static let seeds = [
        "bucket_config = {\"256px\": {1: (1.0, 45), 5: (1.0, 12)}, \"768px\": {1: (0.5, 13)}}\n",
        "pin = [(260 + 20) * 1024 * 1024] * 24 + [(34 + 20) * 1024 * 1024] * 4\n",
        "lr = 5e-5\noptim = dict(cls=\"HybridAdam\", lr=lr, eps=1e-15)\n",
        "x = -2**-2 // 3 / 0.5\ny = 'a' * 3 + r\"\\n\" '''t\n'''\n",
        "_base_ = [\"a.py\"]\nd = _base_.model.depth * 2\ne = _base_[\"l\"][0]\n",
        "x = 0x_1F + 0o7 + 0b1 + 1_000 + .5e3 + 9223372036854775807\n",
        "a = (1,\n  2) \\\n + (3,)\n# c\n\"\"\"doc\"\"\"\n",
    ]
    static let alphabet = [
        "(", ")", "[", "]", "{", "}", ",", ":", ".", "=", "+", "-", "*", "**", "/", "//", "%", "\"", "'",
        "\"\"\"", "\\", "\n", " ", "  ", "#", "0", "9", "e", "_", "x", "j", "lambda", "if", "for", "not",
        "_base_", "dict(", "😀", "é", "\t", "\r", "\\x", "\\u", "\\N{", "f\"", "2**64", "-", "1e400", ";",
        "0x", "9223372036854775808", "\u{0}", "@", "$", "!", "...",
    ]
    static let base = ConfigNode(.mapping([
        "model": ConfigNode(.mapping(["depth": ConfigNode(.int(12), location: nil)]), location: nil),
        "l": ConfigNode(.list([ConfigNode(.int(1), location: nil)]), location: nil),
    ]), location: nil)

    static func run(_ text: String) {
        let source = SourceText(file: "f.py", text: text)
        guard let file = try? PythonConfigFile.parse(source) else { return }
        _ = try? file.baseDeclaration()
        _ = try? file.evaluate(base: base)
        _ = try? file.evaluate(base: nil)
    }

    @Test func mutatedInputsNeverCrash() {
        var random = FuzzRandom(state: 20_240_601)
        for round in 0..<600 {
            let seed = Self.seeds[round % Self.seeds.count]
            Self.run(random.mutate(seed, alphabet: Self.alphabet))
        }
    }

    @Test func tokenSoupNeverCrashes() {
        var random = FuzzRandom(state: 7)
        for _ in 0..<300 {
            var text = "x = "
            for _ in 0..<(1 + random.below(30)) { text += Self.alphabet[random.below(Self.alphabet.count)] }
            Self.run(text)
        }
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        let cases = [
            "x = " + String(repeating: "(", count: 5000) + "1",
            "x = " + String(repeating: "[", count: 199) + String(repeating: "]", count: 199),
            "x = " + String(repeating: "-", count: 100_000) + "1",
            "x = " + String(repeating: "2 ** ", count: 10_000) + "2",
            "x = " + String(repeating: "1 + ", count: 20_000) + "1",
        ]
        for text in cases { Self.run(text) }
        #expect(pyError("x = " + String(repeating: "-", count: 100_000) + "1")?.kind == .pythonEval)
        #expect(pyError("x = " + String(repeating: "1 + ", count: 20_000) + "1")?.kind == .pythonEval)
        #expect((try? pyEval("x = " + String(repeating: "1 + ", count: 150) + "1"))?["x"]?.value == .int(151))
        // The deepest tree allowed evaluates without exhausting the stack.
        let deepest = "x = " + String(repeating: "(1 + ", count: 99) + "1" + String(repeating: ")", count: 99)
        #expect((try? pyEval(deepest))?["x"]?.value == .int(100))
    }
}
