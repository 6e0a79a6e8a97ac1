import Foundation
import Testing
@testable import ConfigLang

/// Random and mutated inputs: the reader may return a value or throw, never crash or hang.
@Suite struct YAMLFuzzTests {
    /// SplitMix64: deterministic, so a failure reproduces.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let alphabet: [String] = [
        ":", " ", "  ", "\n", "\r\n", "\t", "-", "- ", "? ", "[", "]", "{", "}", ",", "&a ", "*a", "&b ", "*b",
        "<<: ", "!!int ", "!!python/tuple ", "!!set ", "!", "|", ">", "'", "\"", "\\", "#", "%YAML 1.1\n", "---", "...",
        "~", "=", "0x", "0b1", "1:30", "1.5e+3", ".inf", "2001-12-14 21:59:43", "yes", "on", "9999999999999999999",
        "é", "名", "🎬", "\u{1}", "\u{0}", "\u{FEFF}", "\u{85}", "\u{2028}", "\u{FFFE}", "a", "key", "0",
    ]

    static func mutate(_ text: String, _ rng: inout Generator) -> String {
        var scalars = Array(text.unicodeScalars)
        for _ in 0..<Int.random(in: 1...4, using: &rng) {
            let position = scalars.isEmpty ? 0 : Int.random(in: 0...scalars.count, using: &rng)
            switch Int.random(in: 0..<3, using: &rng) {
            case 0:
                scalars.insert(contentsOf: alphabet.randomElement(using: &rng)!.unicodeScalars, at: position)
            case 1 where position < scalars.count:
                scalars.removeSubrange(position..<min(scalars.count, position + Int.random(in: 1...8, using: &rng)))
            default:
                if position < scalars.count, let s = alphabet.randomElement(using: &rng)!.unicodeScalars.first {
                    scalars[position] = s
                }
            }
        }
        var out = String.UnicodeScalarView()
        out.append(contentsOf: scalars)
        return String(out)
    }

    static func seeds() -> [String] {
        let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/yaml")
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return files.filter { $0.hasSuffix(".yaml") }.sorted().compactMap {
            try? String(contentsOf: directory.appendingPathComponent($0), encoding: .utf8)
        }
    }

    @Test func mutatedFixturesNeverCrash() {
        var rng = Generator(state: 42)
        let seeds = Self.seeds()
        #expect(!seeds.isEmpty)
        var outcomes = (values: 0, errors: 0)
        for round in 0..<600 {
            let text = Self.mutate(seeds[round % seeds.count], &rng)
            do {
                _ = try YAMLReader.read(SourceText(file: "fuzz.yaml", text: text))
                outcomes.values += 1
            } catch is ConfigError {
                outcomes.errors += 1
            } catch {
                Issue.record("not a ConfigError for \(text.debugDescription): \(error)")
            }
        }
        // Both paths must have been exercised for the test to mean anything.
        #expect(outcomes.values > 50 && outcomes.errors > 50)
    }

    @Test func randomTokenSoupNeverCrashes() {
        var rng = Generator(state: 7)
        for _ in 0..<400 {
            let text = (0..<Int.random(in: 0...30, using: &rng)).map { _ in Self.alphabet.randomElement(using: &rng)! }.joined()
            do {
                _ = try YAMLReader.read(SourceText(file: "fuzz.yaml", text: text))
            } catch is ConfigError {
            } catch {
                Issue.record("not a ConfigError for \(text.debugDescription): \(error)")
            }
        }
    }

    @Test func aliasBombsStayLinear() throws {
        // Lists of aliases multiply: refused at once (BoundsTests). Merge keys flatten: 30 levels of
        // doubled merges are 31 keys, read in linear time.
        var text = "m0: &m0 {k: 1}\n"
        for i in 1...30 {
            text += "m\(i): &m\(i) {<<: [*m\(i - 1), *m\(i - 1)], k\(i): \(i)}\n"
        }
        let root = try #require(try YAMLReader.read(SourceText(file: "bomb.yaml", text: text)))
        #expect(root.value.mapping?["m30"]?.value.mapping?.count == 31)
    }
}
