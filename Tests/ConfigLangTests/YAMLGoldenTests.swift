import Foundation
import Testing
@testable import ConfigLang

/// Differential tests against PyYAML 6 (goldens made by scripts/yaml_golden.py).
@Suite struct YAMLGoldenTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/yaml")

    static let fixtures: [String] = {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return files.filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted()
    }()

    static func read(_ name: String) -> Any {
        do {
            let text = try String(contentsOf: directory.appendingPathComponent(name + ".yaml"), encoding: .utf8)
            return canonicalJSON(try YAMLReader.read(SourceText(file: name + ".yaml", text: text)))
        } catch let error as ConfigError {
            return canonicalJSON(error)
        } catch {
            return ["error": "unexpected \(error)"]
        }
    }

    @Test func fixturesArePresent() {
        #expect(Self.fixtures.count > 40)
    }

    @Test(arguments: fixtures)
    func matchesPyYAML(_ name: String) throws {
        let strata = Self.directory.appendingPathComponent(name + ".strata.json")
        let expectedURL = FileManager.default.fileExists(atPath: strata.path)
            ? strata : Self.directory.appendingPathComponent(name + ".expected.json")
        let expected = try readCanonicalJSON(expectedURL)
        let actual = Self.read(name)
        #expect(canonicalEqual(actual, expected),
                "\(name): strata gives \(canonicalText(actual)), want \(canonicalText(expected))")
    }

    /// A side file documents a deliberate difference: it must really differ from PyYAML.
    @Test(arguments: fixtures.filter {
        FileManager.default.fileExists(atPath: directory.appendingPathComponent($0 + ".strata.json").path)
    })
    func sideFilesDocumentRealDifferences(_ name: String) throws {
        let strata = try readCanonicalJSON(Self.directory.appendingPathComponent(name + ".strata.json"))
        let pyyaml = try readCanonicalJSON(Self.directory.appendingPathComponent(name + ".expected.json"))
        #expect(!canonicalEqual(strata, pyyaml))
    }

    @Test func canonicalEqualComparesFloatsByValue() {
        #expect(canonicalEqual(["float": "1000.0"], ["float": "1e3"]))
        #expect(canonicalEqual(["float": "nan"], ["float": "nan"]))
        #expect(!canonicalEqual(["float": "inf"], ["float": "-inf"]))
        #expect(!canonicalEqual(["int": "1"], ["float": "1.0"]))
        #expect(!canonicalEqual(true, "true"))
        #expect(canonicalEqual(["dict": [["a", NSNull()]]], ["dict": [["a", NSNull()]]]))
        let ab: Any = ["dict": [["a", ["int": "1"]], ["b", ["int": "2"]]]]
        let ba: Any = ["dict": [["b", ["int": "2"]], ["a", ["int": "1"]]]]
        #expect(!canonicalEqual(ab, ba))
    }
}
