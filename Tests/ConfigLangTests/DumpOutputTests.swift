import Foundation
import Testing

@testable import ConfigLang

/// What `strata dump --origins` and `--key` build on: origin comments in YAML, the origins object
/// in JSON, and `ConfigNode.descendant(at:)`.
@Suite struct DumpOutputTests {
    static let files: [String: String] = [
        "base.yaml": "model:\n  depth: 2\n  sizes: [1, 2]\nbuckets:\n  256px:\n    51: !!python/tuple [0.5, 8]\n",
        "main.yaml": "_base_: base.yaml\nmodel:\n  depth: 4\nitems:\n  - {a: 1}\n  - x\n",
    ]

    func load() throws -> (TemporaryConfigs, ConfigNode) {
        let configs = try TemporaryConfigs(Self.files)
        return (configs, try ConfigLoader(environment: [:]).load(configs.path("main.yaml")).root)
    }

    @Test func yamlOriginsAreTrailingComments() throws {
        let (configs, root) = try load()
        let text = YAMLWriter.write(root, origins: true).replacingOccurrences(of: configs.directory + "/", with: "")
        #expect(text == """
            model:
              depth: 4  # main.yaml:3:10
              sizes: [1, 2]  # base.yaml:3:10
            buckets:
              "256px":
                51: !!python/tuple [0.5, 8]  # base.yaml:6:9
            items:
              - a: 1  # main.yaml:5:9
              - x  # main.yaml:6:5

            """)
        // The comments do not change what the YAML says.
        let back = try #require(try YAMLReader.read(SourceText(file: "dump.yaml", text: text)))
        #expect(back.value == root.value)
    }

    @Test func pythonOriginsReadBack() throws {
        let (configs, root) = try load()
        let text = try PythonWriter.write(root, origins: true)
        #expect(text.contains("    depth=4,  # \(configs.directory)/main.yaml:3:10\n"))
        try RoundTrip.expectReadsBack(text, as: root, name: "origins")
    }

    @Test func jsonOriginsAreAnObjectBesideTheConfig() throws {
        let (configs, root) = try load()
        let text = try JSONWriter.writeWithOrigins(try root.descendant(at: "model"), path: "model")
            .replacingOccurrences(of: configs.directory + "/", with: "")
        #expect(text == """
            {
              "config": {
                "depth": 4,
                "sizes": [
                  1,
                  2
                ]
              },
              "origins": {
                "model.depth": "main.yaml:3:10",
                "model.sizes.0": "base.yaml:3:11",
                "model.sizes.1": "base.yaml:3:14"
              }
            }

            """)
        let object = try JSONSerialization.jsonObject(with: Data(try JSONWriter.writeWithOrigins(root).utf8)) as? [String: Any]
        let origins = try #require(object?["origins"] as? [String: String])
        #expect(Set(origins.keys) == ["model.depth", "model.sizes.0", "model.sizes.1", "buckets.256px.51.0", "buckets.256px.51.1", "items.0.a", "items.1"])
    }

    @Test func jsonOriginsRefuseAmbiguousPaths() throws {
        let at = SourceLocation(file: "c.yaml", line: 1, column: 1)
        var mapping = ConfigMapping()
        mapping["a.b"] = ConfigNode(.int(1), location: at)
        mapping["a"] = ConfigNode(.mapping(["b": ConfigNode(.int(2), location: at)]), location: at)
        #expect(throws: ConfigError.self) { try JSONWriter.writeWithOrigins(ConfigNode(.mapping(mapping), location: at)) }
    }

    @Test func keysSelectSubtrees() throws {
        let (_, root) = try load()
        #expect(try root.descendant(at: "model.depth").value == .int(4))
        #expect(try root.descendant(at: "buckets.256px.51.1").value == .int(8))
        #expect(try root.descendant(at: "items.0.a").value == .int(1))
        #expect(try root.descendant(at: "items.1").value == .string("x"))
    }

    @Test func unknownKeysSuggest() throws {
        let (_, root) = try load()
        let error = try #require(throws: ConfigError.self) { try root.descendant(at: "model.dept") }
        #expect(error.kind == .invalidOverride)
        #expect(error.message.contains("did you mean 'depth'?"))
        for bad in ["items.2", "model.depth.x", "", "a..b", "nope"] {
            let error = try #require(throws: ConfigError.self) { try root.descendant(at: bad) }
            #expect(error.kind == .invalidOverride, "\(bad)")
        }
    }
}
