import Foundation
import Testing
@testable import ConfigLang

/// Differential tests: each fixture's result must equal what real Python computed
/// (`scripts/python_golden.py`), or strata's documented answer in `<name>.strata.json`.
enum Fixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func names(_ folder: String, ext: String) -> [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(folder).path)) ?? []
        return files.filter { $0.hasSuffix(ext) && !$0.hasSuffix(".expected.json") && !$0.hasSuffix(".strata.json") }
            .map { String($0.dropLast(ext.count)) }.sorted()
    }

    static func text(_ folder: String, _ file: String) throws -> String {
        String(decoding: try Data(contentsOf: root.appendingPathComponent(folder).appendingPathComponent(file)), as: UTF8.self)
    }

    static func expected(_ folder: String, _ name: String) throws -> Any {
        let dir = root.appendingPathComponent(folder)
        let strata = dir.appendingPathComponent(name + ".strata.json")
        let url = FileManager.default.fileExists(atPath: strata.path) ? strata : dir.appendingPathComponent(name + ".expected.json")
        return try JSONSerialization.jsonObject(with: try Data(contentsOf: url), options: [.fragmentsAllowed])
    }

    static func outcome(_ body: () throws -> ConfigNode) -> Any {
        do {
            return canonicalJSON(try body().value)
        } catch let error as ConfigError {
            return ["error": error.kind.rawValue]
        } catch {
            return ["error": "unexpected \(error)"]
        }
    }

    static func render(_ value: Any) -> String {
        guard let data = try? JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed, .sortedKeys]) else { return "\(value)" }
        return String(decoding: data, as: UTF8.self)
    }
}

@Suite struct PythonFixtureTests {
    @Test func fixturesExist() {
        #expect(Fixtures.names("python", ext: ".py").count > 20)
    }

    @Test(arguments: Fixtures.names("python", ext: ".py"))
    func fixtureMatchesPython(_ name: String) throws {
        let source = SourceText(file: name + ".py", text: try Fixtures.text("python", name + ".py"))
        let actual = Fixtures.outcome { try PythonConfigFile.parse(source).evaluate(base: nil) }
        let expected = try Fixtures.expected("python", name)
        #expect(canonicalEqual(actual, expected), "\(name): got \(Fixtures.render(actual)), expected \(Fixtures.render(expected))")
    }
}
