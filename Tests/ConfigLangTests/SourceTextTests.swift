import Testing
@testable import ConfigLang

@Suite struct SourceTextTests {
    @Test func locationsAfterASubstitutionMapBackToTheOriginalColumns() {
        let original = "a: {{ fileBasename }} x\nb: 1\n"
        let source = SourceText(file: "c.yaml", text: original)
        let start = original.range(of: "{{ fileBasename }}")!
        let edited = source.replacing([.init(range: start, with: "c.yaml")])
        #expect(edited.text == "a: c.yaml x\nb: 1\n")
        // "x" is at column 11 of the edited line and column 23 of the original.
        #expect(edited.location(line: 1, column: 11).column == 23)
        // Inside the substituted text: the start of the placeholder.
        #expect(edited.location(line: 1, column: 6).column == 4)
        #expect(edited.location(line: 1, column: 2).column == 2)
        #expect(edited.location(line: 2, column: 4).column == 4)
    }
}
