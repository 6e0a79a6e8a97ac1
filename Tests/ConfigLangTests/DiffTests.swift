import Foundation
import Testing
@testable import ConfigLang

@Suite struct DiffTests {
    private static let openSora = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/cases/155-opensora-image").path

    private func diff(_ a: String, _ b: String) throws -> (ConfigDiff, TemporaryConfigs) {
        let configs = try TemporaryConfigs(["a.yaml": a, "b.yaml": b])
        let loader = ConfigLoader(environment: [:])
        let left = try loader.load(configs.path("a.yaml")).root
        let right = try loader.load(configs.path("b.yaml")).root
        return (ConfigDiff(left, right, labels: ("a.yaml", "b.yaml")), configs)
    }

    private func entry(_ diff: ConfigDiff, _ path: String) -> DiffEntry? {
        diff.entries.first { $0.path.description == path }
    }

    // MARK: - Open-Sora stage1 vs stage2: every real change exactly once

    /// Leaf paths that differ, found independently of the engine: mappings are walked key by key,
    /// anything else (lists, tuples, scalars) is one value; a key on one side only is one change.
    private func changedLeaves(_ a: ConfigNode?, _ b: ConfigNode?, _ path: [ConfigKey], into out: inout [[ConfigKey]]) {
        if case .mapping(let x)? = a?.value, case .mapping(let y)? = b?.value {
            for key in x.keys { changedLeaves(x[key], y[key], path + [key], into: &out) }
            for key in y.keys where x[key] == nil { changedLeaves(nil, y[key], path + [key], into: &out) }
        } else if a?.value != b?.value || (a == nil) != (b == nil) {
            out.append(path)
        }
    }

    @Test func stage1VersusStage2ReportsEachRealChangeOnce() throws {
        let loader = ConfigLoader(environment: [:])
        let stage1 = try loader.load(Self.openSora + "/stage1.py").root
        let stage2 = try loader.load(Self.openSora + "/stage2.py").root
        let diff = ConfigDiff(stage1, stage2, labels: ("stage1.py", "stage2.py"))

        var expected: [[ConfigKey]] = []
        changedLeaves(stage1, stage2, [], into: &expected)
        #expect(expected.count == 79)  // the count mmengine's 236-line text diff hides

        let reported = try diff.leaves.map { leaf in
            try leaf.path.segments.map { segment -> ConfigKey in
                guard case .key(let key) = segment else { throw ConfigError(.io, "unexpected segment \(segment)") }
                return key
            }
        }
        #expect(reported.count == expected.count)
        #expect(Set(reported) == Set(expected))  // exactly those, and (with the count) each once
        #expect(diff.counts == DiffCounts(added: 39, removed: 3, changed: 37, reordered: 0))

        // One line per entry, nothing else; the two bucket tables are summaries.
        let text = DiffTextRenderer.render(diff)
        #expect(text.split(separator: "\n").count == diff.entries.count)
        #expect(diff.entries.count == 15)
        // plugin_config only gained keys: extended, not replaced, so each new setting is a line.
        #expect(entry(diff, "plugin_config.sp_size")?.kind == .added)
        let bucket256 = try #require(entry(diff, "bucket_config.256px"))
        #expect(bucket256.kind == .summary)
        #expect(bucket256.leaves.count == 33)
        #expect(text.contains("bucket_config.256px: 33 entries → 32; 32 changed (all at [1]), 1 removed: 69"))
        #expect(try #require(entry(diff, "bucket_config.768px")).leaves.count == 33)
        #expect(!text.contains("lr"), "unchanged keys never appear")

        // --full: one line per leaf.
        #expect(DiffTextRenderer.render(diff, full: true).split(separator: "\n").count == 79)

        // Attribution: which file and line set each side.
        let plugin = try #require(entry(diff, "plugin"))
        #expect(plugin.a?.origin?.location?.file.hasSuffix("image.py") == true)
        #expect(plugin.b?.origin?.location?.file.hasSuffix("stage2.py") == true)
        #expect(plugin.b?.origin?.location?.line == 6)
        let ckpt = try #require(entry(diff, "ckpt_every"))
        #expect(ckpt.numericChange == NumericChange(delta: .int(-1800), ratio: 0.1))
        #expect(text.contains("ckpt_every: 2000 → 200 (−1800, ×0.1)"))
        #expect(text.contains("grad_ckpt_settings: (8, 100) → (100, 100)"))
    }

    // MARK: - Alignment

    @Test func listsOfTypedMappingsAlignByType() throws {
        let (diff, _) = try diff("""
            pipeline:
              - {type: Load, x: 1}
              - {type: Resize, size: 256}
              - {type: Norm}
            """, """
            pipeline:
              - {type: Resize, size: 512}
              - {type: Load, x: 1}
              - {type: Crop}
            """)
        #expect(diff.entries.map(\.path.description) == [
            "pipeline[type=Resize].size", "pipeline[type=Norm]", "pipeline[type=Crop]", "pipeline",
        ])
        #expect(diff.entries.map(\.kind) == [.changed, .removed, .added, .reordered])
        #expect(diff.entries[0].path.segments == [.key("pipeline"), .type("Resize"), .key("size")])
        #expect(DiffTextRenderer.render(diff).contains("~ pipeline: order Load, Resize, Norm → Resize, Load, Crop"))
    }

    @Test func listsWithoutUniqueTypesAlignByIndex() throws {
        let (diff, _) = try diff("""
            heads: [{type: mlp, d: 1}, {type: mlp, d: 2}]
            """, """
            heads: [{type: mlp, d: 1}, {type: mlp, d: 3}, {type: conv}]
            """)
        #expect(diff.entries.map(\.path.description) == ["heads[1].d", "heads[2]"])
        #expect(diff.entries.map(\.kind) == [.changed, .added])
    }

    @Test func integerKeysStayIntegers() throws {
        let (diff, _) = try diff("""
            buckets: {1: 5, "1": 6, 33: [1.0, 4]}
            """, """
            buckets: {1: 7, "1": 6, 33: [1.0, 4], "33": x}
            """)
        #expect(diff.entries.map(\.path.segments) == [
            [.key("buckets"), .key(.int(1))], [.key("buckets"), .key(.string("33"))],
        ])
        #expect(diff.entries.map(\.path.description) == ["buckets.1", "buckets.'33'"])
    }

    @Test func shortScalarListsAreOneValueLongOnesItemByItem() throws {
        let long = (0..<30).map { String(1000 + $0) }
        var changed = long
        changed[7] = "7"
        let (diff, _) = try diff("short: [1, 2]\nlong: [\(long.joined(separator: ", "))]\n",
                                 "short: [1, 3]\nlong: [\(changed.joined(separator: ", "))]\n")
        #expect(diff.entries.map(\.path.description) == ["short", "long[7]"])
    }

    // MARK: - Values and summaries

    @Test func numbersShowDeltaAndRatioOtherValuesOldAndNew() throws {
        let (diff, _) = try diff("""
            lr: 1.0e-5
            steps: 10
            scale: 2
            on: true
            name: a
            zero: 0
            """.replacingOccurrences(of: "on:", with: "flag:"), """
            lr: 5.0e-5
            steps: 10
            scale: 3.0
            flag: false
            name: b
            zero: 4
            """)
        let text = DiffTextRenderer.render(diff)
        #expect(text.contains("~ lr: 1e-05 → 5e-05 (+4e-05, ×5)"))
        #expect(text.contains("~ scale: 2 → 3.0 (+1.0, ×1.5; int → float)"))
        #expect(text.contains("~ flag: True → False   "))
        #expect(text.contains("~ name: 'a' → 'b'   "))
        #expect(text.contains("~ zero: 0 → 4 (+4)   "), "no ratio from zero")
        #expect(!text.contains("steps"))
        #expect(entry(diff, "scale")?.typeChange.map { [$0.a, $0.b] } == ["int", "float"])
    }

    @Test func replacedSubtreeIsOneSummaryAndFullExpandsIt() throws {
        let rows = (1...10).map { "    \($0): [1.0, \($0)]" }.joined(separator: "\n")
        let newRows = (1...10).map { "    \($0): [1.0, \($0 * 2)]" }.joined(separator: "\n")
        let (diff, _) = try diff("b:\n  t:\n\(rows)\n  keep: 1\n",
                                 "_base_: a.yaml\nb:\n  t:\n    _delete_: true\n\(newRows)\n")
        let summary = try #require(entry(diff, "b.t"))
        #expect(summary.kind == .summary)
        #expect(summary.summary?.changed == 10)
        #expect(summary.summary?.changedPositions == [1])
        #expect(summary.summary?.deletedB != nil)
        #expect(DiffTextRenderer.render(diff).split(separator: "\n").count == 1)
        #expect(DiffTextRenderer.render(diff, full: true).split(separator: "\n").count == 10)
        #expect(DiffMarkdownRenderer.render(diff, full: true).contains("| ~ | `b.t.10` | `[1.0, 10]` | `[1.0, 20]` |"))
    }

    @Test func colourOnlyWhenAsked() throws {
        let (diff, _) = try diff("a: 1\nb: 2\n", "a: 2\nc: 3\n")
        #expect(!DiffTextRenderer.render(diff).contains("\u{1B}["))
        let coloured = DiffTextRenderer.render(diff, color: true)
        #expect(coloured.contains("\u{1B}[33m~ a: 1 → 2 (+1, ×2)\u{1B}[0m"))
        #expect(coloured.contains("\u{1B}[31m- b: 2\u{1B}[0m"))
        #expect(coloured.contains("\u{1B}[32m+ c: 3\u{1B}[0m"))
    }

    @Test func equalConfigsHaveNoDifferences() throws {
        let (diff, _) = try diff("a: 1\nb: [1, {c: 2}]\n", "b: [1, {c: 2}]\na: 1\n")
        #expect(diff.isEqual)
        #expect(diff.counts.total == 0)
        #expect(DiffTextRenderer.render(diff) == "")
        let json = try JSONSerialization.jsonObject(with: Data(DiffJSONRenderer.render(diff).utf8)) as? [String: Any]
        #expect(json?["equal"] as? Bool == true)
    }

    // MARK: - JSON schema (docs/diff.md)

    @Test func jsonFollowsTheDocumentedSchema() throws {
        let (diff, _) = try diff("""
            steps: 2000
            buckets: {33: [1.0, 4]}
            gone: x
            mode: .nan
            """, """
            steps: 200
            buckets: {33: [1.0, 8]}
            mode: .inf
            added: {k: 1}
            """)
        let object = try JSONSerialization.jsonObject(with: Data(DiffJSONRenderer.render(diff).utf8))
        let root = try #require(object as? [String: Any])
        #expect(root["schema"] as? String == "strata-diff/1")
        #expect(root["a"] as? String == "a.yaml")
        #expect(root["b"] as? String == "b.yaml")
        #expect(root["equal"] as? Bool == false)
        let counts = try #require(root["counts"] as? [String: Int])
        #expect(counts == ["added": 1, "removed": 1, "changed": 3, "reordered": 0, "total": 5])
        let differences = try #require(root["differences"] as? [[String: Any]])
        #expect(differences.map { $0["kind"] as? String } == ["changed", "changed", "removed", "changed", "added"])

        let steps = differences[0]
        #expect(steps["path"] as? String == "steps")
        #expect(steps["delta"] as? Int == -1800)
        #expect(steps["ratio"] as? Double == 0.1)
        let a = try #require(steps["a"] as? [String: Any])
        #expect(a["value"] as? Int == 2000)
        #expect(a["repr"] as? String == "2000")
        #expect(a["type"] as? String == "int")
        let origin = try #require(a["origin"] as? [String: Any])
        #expect(origin["kind"] as? String == "file")
        #expect((origin["file"] as? String)?.hasSuffix("a.yaml") == true)
        #expect(origin["line"] as? Int == 1)
        #expect(origin["column"] as? Int == 8)

        let bucket = differences[1]
        #expect(bucket["path"] as? String == "buckets.33")
        let segments = try #require(bucket["segments"] as? [[String: Any]])
        #expect(segments[0]["key"] as? String == "buckets")
        #expect(segments[1]["key"] as? Int == 33, "integer keys stay integers in segments")
        #expect((bucket["b"] as? [String: Any])?["repr"] as? String == "[1.0, 8]")
        #expect(bucket["delta"] == nil)

        #expect(differences[2]["b"] == nil)
        let mode = try #require(differences[3]["b"] as? [String: Any])
        #expect(mode["value"] as? String == "inf", "non-finite floats stay strict JSON")
        #expect(differences[3]["ratio"] is NSNull)
        #expect(differences[3]["delta"] is NSNull, "nan → inf has no finite delta")
        #expect(differences[4]["a"] == nil)
        #expect(((differences[4]["b"] as? [String: Any])?["value"] as? [String: Int]) == ["k": 1])
    }

    @Test func jsonSummariesCarryTheirDifferences() throws {
        let loader = ConfigLoader(environment: [:])
        let diff = ConfigDiff(try loader.load(Self.openSora + "/stage1.py").root,
                              try loader.load(Self.openSora + "/stage2.py").root, labels: ("s1", "s2"))
        let root = try #require(try JSONSerialization.jsonObject(with: Data(DiffJSONRenderer.render(diff).utf8)) as? [String: Any])
        let differences = try #require(root["differences"] as? [[String: Any]])
        let summary = try #require(differences.first { $0["path"] as? String == "bucket_config.256px" })
        #expect(summary["kind"] as? String == "summary")
        let counts = try #require(summary["summary"] as? [String: Any])
        #expect(counts["unit"] as? String == "entries")
        #expect(counts["count_a"] as? Int == 33)
        #expect(counts["count_b"] as? Int == 32)
        #expect(counts["changed"] as? Int == 32)
        #expect(counts["changed_positions"] as? [Int] == [1])
        #expect((counts["removed"] as? [[String: Int]]) == [["key": 69]])
        #expect(counts["leaves"] as? Int == 33)
        #expect((summary["differences"] as? [Any])?.count == 33)
        #expect((root["counts"] as? [String: Int])?["total"] == 79)
    }
}
