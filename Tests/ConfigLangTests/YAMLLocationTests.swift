import Testing
@testable import ConfigLang

/// Positions and provenance of what the YAML reader builds.
@Suite struct YAMLLocationTests {
    static func read(_ text: String, file: String = "c.yaml") throws -> ConfigNode {
        try #require(try YAMLReader.read(SourceText(file: file, text: text)))
    }

    static func at(_ line: Int, _ column: Int, _ file: String = "c.yaml") -> ConfigLang.SourceLocation {
        ConfigLang.SourceLocation(file: file, line: line, column: column)
    }

    static func child(_ node: ConfigNode, _ path: ConfigKey...) -> ConfigNode? {
        var current: ConfigNode? = node
        for key in path { current = current?.value.mapping?[key] }
        return current
    }

    @Test func nestedValuesAndKeysHaveOneBasedPositions() throws {
        let root = try Self.read("""
            model:
              depth: 28
              layers: [1, {k: v}]
              名前: 値
            """)
        #expect(root.location == Self.at(1, 1))
        let model = try #require(Self.child(root, "model"))
        #expect(model.keyLocation == Self.at(1, 1))
        #expect(model.location == Self.at(2, 3))
        let depth = try #require(Self.child(root, "model", "depth"))
        #expect(depth.value == .int(28))
        #expect(depth.location == Self.at(2, 10))
        #expect(depth.keyLocation == Self.at(2, 3))
        #expect(depth.history == [ProvenanceEvent(.set, at: .file(Self.at(2, 10)))])
        let layers = try #require(Self.child(root, "model", "layers"))
        #expect(layers.location == Self.at(3, 11))
        let items = try #require(layers.value.sequenceItems)
        #expect(items[0].location == Self.at(3, 12))
        #expect(items[0].keyLocation == nil)
        #expect(items[1].location == Self.at(3, 15))
        let k = try #require(items[1].value.mapping?["k"])
        #expect(k.keyLocation == Self.at(3, 16))
        #expect(k.location == Self.at(3, 19))
        // Columns count Unicode scalars, as libyaml does.
        let name = try #require(Self.child(root, "model", "名前"))
        #expect(name.keyLocation == Self.at(4, 3))
        #expect(name.location == Self.at(4, 7))
    }

    @Test func emptyValueIsNullRightAfterTheColon() throws {
        let root = try Self.read("a:\nb: 1\n")
        let a = try #require(Self.child(root, "a"))
        #expect(a.value == .null)
        #expect(a.location == Self.at(1, 3))
    }

    @Test func crlfLineEndings() throws {
        let root = try Self.read("a: 1\r\nb:\r\n  c: x\r\n")
        #expect(Self.child(root, "b", "c")?.location == Self.at(3, 6))
    }

    @Test func aliasCopiesKeepTheAnchorPositionAndRecordTheAliasSite() throws {
        let root = try Self.read("""
            a: &x 1
            b: *x
            list: [*x]
            """)
        let a = try #require(Self.child(root, "a"))
        #expect(a.history == [ProvenanceEvent(.set, at: .file(Self.at(1, 4)))])
        let b = try #require(Self.child(root, "b"))
        #expect(b.value == .int(1))
        #expect(b.location == Self.at(1, 4))
        #expect(b.keyLocation == Self.at(2, 1))
        #expect(b.history == [
            ProvenanceEvent(.set, at: .file(Self.at(1, 4))),
            ProvenanceEvent(.alias(anchor: Self.at(1, 4)), at: .file(Self.at(2, 4))),
        ])
        let item = try #require(Self.child(root, "list")?.value.sequenceItems?.first)
        #expect(item.origin == .file(Self.at(3, 8)))
    }

    @Test func aliasOfAnAliasedMappingKeepsBothSites() throws {
        let root = try Self.read("""
            base: &b {lr: 1}
            mid: &m {opt: *b}
            top: *m
            """)
        let opt = try #require(Self.child(root, "top", "opt"))
        #expect(opt.history.map(\.action) == [.set, .alias(anchor: Self.at(1, 7))])
        #expect(opt.origin == .file(Self.at(2, 15)))
        let top = try #require(Self.child(root, "top"))
        #expect(top.origin == .file(Self.at(3, 6)))
    }

    @Test func mergedEntriesRecordTheMergeKey() throws {
        let root = try Self.read("""
            base: &b
              lr: 1
              batch: 2
            c:
              <<: *b
              batch: 3
            """)
        let lr = try #require(Self.child(root, "c", "lr"))
        #expect(lr.value == .int(1))
        #expect(lr.location == Self.at(2, 7))
        #expect(lr.keyLocation == Self.at(2, 3))
        #expect(lr.history == [
            ProvenanceEvent(.set, at: .file(Self.at(2, 7))),
            ProvenanceEvent(.mergeKey, at: .file(Self.at(5, 3))),
        ])
        // An explicit key overrides the merged value: its own history only.
        let batch = try #require(Self.child(root, "c", "batch"))
        #expect(batch.value == .int(3))
        #expect(batch.history == [ProvenanceEvent(.set, at: .file(Self.at(6, 10)))])
        #expect(Self.child(root, "c")?.value.mapping?.keys.elements == ["lr", "batch"])
    }

    @Test func nestedMergesRecordEveryMergeKey() throws {
        let root = try Self.read("""
            a: &a {x: 1}
            b: &b {<<: *a, y: 2}
            c: {<<: [*b, {z: 3}]}
            """)
        let x = try #require(Self.child(root, "c", "x"))
        #expect(x.history.map(\.origin) == [.file(Self.at(1, 11)), .file(Self.at(2, 8)), .file(Self.at(3, 5))])
        #expect(x.history.map(\.action) == [.set, .mergeKey, .mergeKey])
        // A merge list is applied last to first (earlier mappings win), so the inline {z: 3}
        // is inserted first and leads the key order.
        #expect(Self.child(root, "c")?.value.mapping?.keys.elements == ["z", "x", "y"])
    }

    @Test func locationsMapBackThroughSubstitutions() throws {
        let original = "a: {{ fileBasename }}\nb: [1, 2]\n"
        let source = SourceText(file: "c.yaml", text: original)
        let range = try #require(original.range(of: "{{ fileBasename }}"))
        let edited = source.replacing([.init(range: range, with: "c")])
        let root = try #require(try YAMLReader.read(edited))
        #expect(Self.child(root, "a")?.value == .string("c"))
        #expect(Self.child(root, "a")?.location == Self.at(1, 4))
        #expect(Self.child(root, "b")?.location == Self.at(2, 4))
    }

    @Test func intAndStringKeysStayApart() throws {
        let root = try Self.read("256: {fps: 24}\n\"256\": s\n0x10: hex\n")
        let keys = try #require(root.value.mapping?.keys.elements)
        #expect(keys == [.int(256), .string("256"), .int(16)])
    }

    @Test func keysMergedWithAnAnchorMayBeReplaced() throws {
        let root = try Self.read("base: &b {a: 1, b: 2}\nc:\n  <<: *b\n  a: 3\n")
        let mapping = try #require(Self.child(root, "c")?.value.mapping)
        #expect(mapping.keys.elements == ["a", "b"])
        #expect(mapping["a"]?.value == .int(3))
        #expect(mapping["a"]?.keyLocation == Self.at(4, 3))
    }

    @Test func emptyStreamsHaveNoDocument() throws {
        #expect(try YAMLReader.read(SourceText(file: "e.yaml", text: "")) == nil)
        #expect(try YAMLReader.read(SourceText(file: "e.yaml", text: "# only\n\n# comments\n")) == nil)
        // An explicit document with no content is a document holding null.
        #expect(try YAMLReader.read(SourceText(file: "e.yaml", text: "---\n"))?.value == .null)
    }
}
