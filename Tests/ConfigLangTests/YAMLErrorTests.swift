import Testing
@testable import ConfigLang

/// Error kinds, messages and positions of the YAML reader.
@Suite struct YAMLErrorTests {
    static func error(_ text: String) -> ConfigError? {
        do {
            _ = try YAMLReader.read(SourceText(file: "e.yaml", text: text))
            return nil
        } catch let error as ConfigError {
            return error
        } catch {
            Issue.record("not a ConfigError: \(error)")
            return nil
        }
    }

    static func at(_ line: Int, _ column: Int) -> ConfigLang.SourceLocation {
        ConfigLang.SourceLocation(file: "e.yaml", line: line, column: column)
    }

    @Test func parserErrorsGiveProblemContextAndPosition() throws {
        let e = try #require(Self.error("a: [1, 2\nb: 3\n"))
        #expect(e.kind == .yamlSyntax)
        #expect(e.message == "did not find expected ',' or ']' while parsing a flow sequence")
        #expect(e.location == Self.at(2, 2))
        #expect(e.notes.first?.location == Self.at(1, 4))
        #expect(e.description.hasPrefix("e.yaml:2:2: error: did not find expected"))
    }

    @Test func scannerErrors() throws {
        let e = try #require(Self.error("a: b: c\n"))
        #expect(e.kind == .yamlSyntax)
        #expect(e.message.contains("mapping values are not allowed"))
        #expect(e.location == Self.at(1, 5))
        let quote = try #require(Self.error("a: \"open\n"))
        #expect(quote.kind == .yamlSyntax)
        #expect(quote.message.contains("found unexpected end of stream"))
    }

    @Test func undefinedAliasIsReportedAtTheAlias() throws {
        let e = try #require(Self.error("x: 1\na: *missing\n"))
        #expect(e.kind == .yamlSyntax)
        #expect(e.message == "found undefined alias '*missing'")
        #expect(e.location == Self.at(2, 4))
    }

    @Test func duplicateAnchorsAreErrorsLikeTheCLoader() throws {
        let e = try #require(Self.error("a: &x 1\nb: &x 2\n"))
        #expect(e.kind == .yamlSyntax)
        #expect(e.location == Self.at(2, 4))
        #expect(e.notes.first?.location == Self.at(1, 4))
    }

    @Test func recursiveAliasesAreRejected() throws {
        let e = try #require(Self.error("a: &a\n  self: *a\n"))
        #expect(e.kind == .unsupportedValue)
        #expect(e.location == Self.at(2, 9))
    }

    @Test func aSecondDocumentIsAnError() throws {
        let e = try #require(Self.error("a: 1\n---\nb: 2\n"))
        #expect(e.kind == .yamlSyntax)
        #expect(e.message.hasPrefix("expected a single document in the stream"))
        #expect(e.location == Self.at(2, 1))
    }

    @Test func integersBeyond64BitsAreRejected() throws {
        let e = try #require(Self.error("n:\n  big: 9223372036854775808\n"))
        #expect(e.kind == .unsupportedValue)
        #expect(e.message == "integer 9223372036854775808 does not fit in 64 bits")
        #expect(e.location == Self.at(2, 8))
        #expect(try YAMLReader.read(SourceText(file: "e.yaml", text: "- -9223372036854775808"))?.value.sequenceItems?.first?.value == .int(.min))
    }

    @Test func booleanKeysExplainYAML11() throws {
        let e = try #require(Self.error("flags:\n  on: 1\n"))
        #expect(e.kind == .unsupportedValue)
        #expect(e.message.contains("'on' is read as the boolean true"))
        #expect(e.message.contains("quote"))
        #expect(e.location == Self.at(2, 3))
        #expect(Self.error("1.5: x")?.message.contains("float") == true)
        #expect(Self.error("~: x")?.message.contains("null") == true)
        #expect(Self.error("? [1]\n: x")?.message.contains("a list cannot be a mapping key") == true)
    }

    @Test func unsupportedTagsNameTheTag() throws {
        let e = try #require(Self.error("a: 1\nb: !!set {x, y}\n"))
        #expect(e.kind == .unsupportedConstruct)
        #expect(e.message.hasPrefix("unsupported construct 'tag !!set'"))
        #expect(e.location == Self.at(2, 4))
        #expect(Self.error("a: !foo x")?.message.hasPrefix("unsupported construct 'tag !foo'") == true)
        #expect(Self.error("a: !!python/object:os.Foo {}")?.kind == .unsupportedConstruct)
    }

    @Test func valueAndMergeTagsCannotBeValues() throws {
        #expect(Self.error("a: =")?.kind == .yamlSyntax)
        #expect(Self.error("a: <<")?.kind == .yamlSyntax)
        let merge = try #require(Self.error("a:\n  <<: [{x: 1}, 2]\n"))
        #expect(merge.message == "expected a mapping for merging, but found scalar")
        #expect(merge.location == Self.at(2, 16))
    }

    @Test func invalidTimestampsAndTaggedText() throws {
        let date = try #require(Self.error("d: 2024-02-30"))
        #expect(date.kind == .yamlSyntax)
        #expect(date.message.contains("day is out of range for month"))
        #expect(Self.error("a: !!int abc")?.kind == .yamlSyntax)
        #expect(Self.error("a: !!float x")?.kind == .yamlSyntax)
    }

    @Test func charactersLibyamlRefusesAreErrorsWithAPosition() throws {
        let e = try #require(Self.error("a: ok\nb: \u{1}\n"))
        #expect(e.kind == .yamlSyntax)
        #expect(e.message.contains("control characters are not allowed"))
        #expect(e.location == Self.at(2, 4))
        #expect(Self.error("a: \u{0}")?.kind == .yamlSyntax)
    }

    @Test func deepNestingIsAnErrorNotACrash() throws {
        let deep = String(repeating: "[", count: 100_000)
        let e = try #require(Self.error(deep))
        #expect(e.kind == .unsupportedValue)
        let deepMaps = String(repeating: "{a: ", count: 5_000) + "1" + String(repeating: "}", count: 5_000)
        #expect(Self.error(deepMaps) != nil)
    }
}
