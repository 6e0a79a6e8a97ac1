import Foundation
import Testing

@testable import ConfigLang

/// The differential corpus: every folder under `Fixtures/cases` is one config load whose result
/// mmengine 0.10.7 decided (`expected.json`, written by `scripts/mmengine_golden.py`), unless the
/// case documents a deliberate difference (`case.json` `differs`: tag, why, and strata's result).
///
/// Results are compared in the project's canonical JSON encoding; a thrown `ConfigError` is
/// `{"error": kind.rawValue}`. The absolute case folder is written `<CASE_DIR>` in expected strings.
@Suite struct DifferentialTests {
    @Test func theCorpusIsPresent() {
        #expect(DifferentialCorpus.caseNames.count >= 90, "cases folder: \(DifferentialCorpus.directory.path)")
    }

    @Test(arguments: DifferentialCorpus.caseNames)
    func loadsLikeMmengine(_ name: String) throws {
        let spec = try DifferentialCorpus.Case(name: name)
        let actual = spec.run()
        let expected = try spec.expected()
        #expect(
            canonicalEqual(actual, expected),
            """
            \(name): entry \(spec.entry)\(spec.differsNote)
            strata:
            \(DifferentialCorpus.render(actual))
            expected:
            \(DifferentialCorpus.render(expected))
            """
        )
    }
}

enum DifferentialCorpus {
    /// `Tests/ConfigLangTests/Fixtures/cases`, found next to this source file.
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .appendingPathComponent("Fixtures", isDirectory: true)
        .appendingPathComponent("cases", isDirectory: true)

    /// Every folder holding a case.json, sorted (`NNN-slug`).
    static let caseNames: [String] = {
        let fm = FileManager.default
        let names = (try? fm.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter {
            fm.fileExists(atPath: directory.appendingPathComponent($0).appendingPathComponent("case.json").path)
        }.sorted()
    }()

    struct Case {
        var name: String
        var folder: URL
        var entry: String
        var environment: [String: String]
        /// `differs` from case.json: nil when strata must give exactly mmengine's result.
        var differs: [String: Any]?

        init(name: String) throws {
            self.name = name
            folder = DifferentialCorpus.directory.appendingPathComponent(name, isDirectory: true)
            let data = try Data(contentsOf: folder.appendingPathComponent("case.json"))
            guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any],
                let entry = object["entry"] as? String
            else {
                throw CorpusError("\(name)/case.json: not an object with a string `entry`")
            }
            self.entry = entry
            // Only the case's own variables: the load must not see the process environment.
            environment = object["env"] as? [String: String] ?? [:]
            differs = object["differs"] as? [String: Any]
        }

        var differsNote: String {
            guard let differs else { return "" }
            return " (deliberate difference \(differs["tag"] ?? "?"): \(differs["why"] ?? ""))"
        }

        /// strata's result in canonical JSON, `<CASE_DIR>` in place of the case folder.
        func run() -> Any {
            let loader = ConfigLoader(environment: environment)
            let path = folder.appendingPathComponent(entry).path
            do {
                let resolved = try loader.load(path)
                return DifferentialCorpus.replacingCaseDirectory(
                    in: canonicalJSON(resolved.root.value), folder: folder)
            } catch let error as ConfigError {
                return ["error": error.kind.rawValue]
            } catch {
                return ["error": "not a ConfigError: \(error)"]
            }
        }

        /// `differs.strata` when the case documents a deliberate difference, else expected.json.
        func expected() throws -> Any {
            if let differs {
                guard let strata = differs["strata"], differs["tag"] is String else {
                    throw CorpusError("\(name)/case.json: `differs` needs a `tag` and a `strata` value")
                }
                return strata
            }
            let data = try Data(contentsOf: folder.appendingPathComponent("expected.json"))
            return try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        }
    }

    struct CorpusError: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    /// Replaces the absolute case folder (as given, standardized and with symlinks resolved) by
    /// `<CASE_DIR>` in every string of a canonical JSON value. Object keys of the canonical
    /// encoding are structural (`dict`, `int`, ...); config keys are strings inside arrays.
    static func replacingCaseDirectory(in value: Any, folder: URL) -> Any {
        let spellings = Set([
            folder.path,
            folder.standardizedFileURL.path,
            folder.resolvingSymlinksInPath().path,
        ].map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }.filter { !$0.isEmpty })
            .sorted { $0.count > $1.count }
        func walk(_ value: Any) -> Any {
            switch value {
            case let string as String:
                return spellings.reduce(string) { $0.replacingOccurrences(of: $1, with: "<CASE_DIR>") }
            case let array as [Any]:
                return array.map(walk)
            case let object as [String: Any]:
                return object.mapValues(walk)
            default:
                return value
            }
        }
        return walk(value)
    }

    /// One-line JSON for failure messages.
    static func render(_ value: Any) -> String {
        let options: JSONSerialization.WritingOptions = [.sortedKeys, .withoutEscapingSlashes, .fragmentsAllowed]
        if JSONSerialization.isValidJSONObject([value]),
            let data = try? JSONSerialization.data(withJSONObject: value, options: options)
        {
            return String(decoding: data, as: UTF8.self)
        }
        return String(describing: value)
    }
}
