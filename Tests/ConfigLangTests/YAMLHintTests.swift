import Testing
@testable import ConfigLang

/// The YAML mistakes people make most, each said with what to write instead.
@Suite struct YAMLHintTests {
    @Test func aDuplicateKeyIsAnErrorNamingBothLines() throws {
        let error = try #require(YAMLErrorTests.error("a: 1\nb: 2\na: 3\n"))
        #expect(error.kind == .yamlSyntax)
        #expect(error.location == YAMLErrorTests.at(3, 1))
        #expect(error.message.contains("duplicate key 'a'") && error.message.contains("line 1"))
        #expect(error.notes.first?.location == YAMLErrorTests.at(1, 1))
        // Nested mappings too; equal keys in different mappings are fine.
        #expect(YAMLErrorTests.error("m:\n  x: 1\n  x: 2\n")?.location == YAMLErrorTests.at(3, 3))
        #expect(YAMLErrorTests.error("m: {x: 1}\nn: {x: 1}\n") == nil)
    }

    @Test func aTabInIndentationIsNamed() throws {
        let error = try #require(YAMLErrorTests.error("a:\n\tb: 1\n"))
        #expect(error.message.contains("indented with a tab"))
        #expect(error.location == YAMLErrorTests.at(2, 1))
        let other = try #require(YAMLErrorTests.error("a: b: c\n"))
        #expect(!other.message.contains("tab"))
    }

    @Test func yaml11FloatsGetTheSpellingThatReadsAsAFloat() {
        #expect(YAMLFloatSpelling.suggestion(for: "5e-4") == "5.0e-4")
        #expect(YAMLFloatSpelling.suggestion(for: "1e5") == "1.0e+5")
        #expect(YAMLFloatSpelling.suggestion(for: "2.5E3") == "2.5e+3")
        #expect(YAMLFloatSpelling.suggestion(for: "banana") == nil)
        #expect(YAMLFloatSpelling.suggestion(for: "12") == nil)
        // The suggestion really is a float to the YAML reader.
        for text in ["5e-4", "1e5", "2.5E3"] {
            let spelled = YAMLFloatSpelling.suggestion(for: text)!
            let node = try? YAMLReader.read(SourceText(file: "f.yaml", text: "x: \(spelled)\n"))
            guard case .float(let value)? = node?.value.mapping?["x"]?.value else {
                Issue.record("\(spelled) is not read as a float")
                continue
            }
            #expect(value == Double(text))
        }
    }
}
