import Foundation
import Testing
@testable import ConfigLang

@Suite struct WriterTests {
    /// Writing YAML and reading it back gives the same value, for every shipped config and for
    /// values chosen to trip a writer (numeric-looking strings, YAML 1.1 words, unicode, nesting).
    @Test func yamlRoundTrips() throws {
        var roots: [ConfigNode] = []
        for name in ["image", "stage1", "stage2", "stage1_i2v", "stage2_i2v", "demo"] {
            roots.append(try ConfigLoader(environment: [:]).load(repositoryRoot + "/configs/train/\(name).yaml").root)
        }
        let tricky = """
            strings: ["010", "1e3", "yes", "on", "~", "null", "", " lead", "trail ", "a: b", "#x", "- x", "1:30", "2024-01-02", "ünïcödé ✓", "tab\\there", "line\\nbreak", "quote\\"s", ".inf", "y", "0x1F", "@at", "!bang", "%pct", "&amp", "*star"]
            keys: {"256": string, 256: int, "": empty, "a b": spaced}
            floats: [1.0e-05, .inf, -.inf, .nan, 0.1, 1.0e+16, 100.0, -0.0]
            nested: [[1, 2], !!python/tuple [3, [4]], {a: [{b: !!python/tuple []}]}, [], {}]
            ints: [0, -9223372036854775808, 9223372036854775807]
            stamp: 2024-01-02 10:20:30
            """
        let configs = try TemporaryConfigs(["t.yaml": tricky])
        roots.append(try ConfigLoader(environment: [:]).load(configs.path("t.yaml")).root)
        for root in roots {
            let text = YAMLWriter.write(root)
            let back = try #require(try YAMLReader.read(SourceText(file: "dump.yaml", text: text)))
            #expect(back.value == root.value, "round trip changed the value:\n\(text)")
            #expect(YAMLWriter.write(back) == text, "output is not stable")
        }
    }

    @Test func jsonRefusesKeysItCannotTellApart() throws {
        let configs = try TemporaryConfigs(["t.yaml": "m:\n  1: a\n  \"1\": b\n"])
        let root = try ConfigLoader(environment: [:]).load(configs.path("t.yaml")).root
        #expect(throws: ConfigError.self) { try JSONWriter.write(root) }
    }

    @Test func jsonLooksLikePythonJsonDumps() throws {
        let configs = try TemporaryConfigs(["t.yaml": "a: !!python/tuple [1, 2.5]\nb: {33: x}\nc: .nan\nd: \"é\\n\"\n"])
        let root = try ConfigLoader(environment: [:]).load(configs.path("t.yaml")).root
        let text = try JSONWriter.write(root)
        #expect(text == "{\n  \"a\": [\n    1,\n    2.5\n  ],\n  \"b\": {\n    \"33\": \"x\"\n  },\n  \"c\": NaN,\n  \"d\": \"é\\n\"\n}\n")
    }
}
