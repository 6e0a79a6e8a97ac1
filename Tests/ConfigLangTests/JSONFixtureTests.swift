import Foundation
import Testing
@testable import ConfigLang

@Suite struct JSONFixtureTests {
    @Test func fixturesExist() {
        #expect(Fixtures.names("json", ext: ".json").count > 15)
    }

    @Test(arguments: Fixtures.names("json", ext: ".json"))
    func fixtureMatchesPythonJSONLoad(_ name: String) throws {
        let source = SourceText(file: name + ".json", text: try Fixtures.text("json", name + ".json"))
        let actual = Fixtures.outcome { try JSONConfigReader.read(source) }
        let expected = try Fixtures.expected("json", name)
        #expect(canonicalEqual(actual, expected), "\(name): got \(Fixtures.render(actual)), expected \(Fixtures.render(expected))")
    }
}
