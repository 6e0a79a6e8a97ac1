import Foundation
import Testing
@testable import ConfigLang

@Suite struct ResolutionTests {
    private func load(_ configs: TemporaryConfigs, _ entry: String, environment: [String: String] = [:]) throws -> ConfigNode {
        try ConfigLoader(environment: environment).load(configs.path(entry)).root
    }

    private func node(_ root: ConfigNode, _ path: String) throws -> ConfigNode {
        try ReferenceSyntax.find(path, in: root, from: nil)
    }

    private func error(_ body: () throws -> Void) -> ConfigError? {
        do { try body() } catch let error as ConfigError { return error } catch { return nil }
        return nil
    }

    @Test func historyRecordsEveryLayerThatTouchedAValue() throws {
        let configs = try TemporaryConfigs([
            "base.yaml": "lr: 0.1\nmodel:\n  depth: 2\n  width: 8\nbuckets:\n  a: 1\n",
            "child.yaml": "_base_: base.yaml\nlr: 0.2\nmodel:\n  depth: 4\nbuckets:\n  _delete_: true\n  b: 2\n",
        ])
        let root = try load(configs, "child.yaml")
        let lr = try node(root, "lr")
        #expect(lr.history.map(\.action) == [.set, .replaced])
        #expect(lr.history.map { $0.origin.location?.line } == [1, 2])
        #expect(lr.history.last?.origin.location?.file.hasSuffix("child.yaml") == true)

        let model = try node(root, "model")
        #expect(model.history.map(\.action) == [.set, .merged])
        #expect(try node(root, "model.width").history.map(\.action) == [.set])

        let buckets = try node(root, "buckets")
        #expect(buckets.value == .mapping(["b": ConfigNode(.int(2), location: nil)]))
        #expect(buckets.history.map(\.action) == [.set, .deleted, .replaced])
        let deleted = try #require(buckets.history.first { $0.action == .deleted })
        #expect(deleted.origin.location?.line == 6)
        #expect(deleted.origin.location?.column == 3)
    }

    @Test func lateReferencesFollowTheFinalValue() throws {
        let configs = try TemporaryConfigs([
            "base.yaml": "lr: 0.1\noptim:\n  lr: ${lr}\nname: run_${lr}_x\nsizes: [1, 2]\nfirst: ${sizes.0}\nlit: \\${lr}\n",
            "child.yaml": "_base_: base.yaml\nlr: 0.5\n",
        ])
        let root = try load(configs, "child.yaml")
        #expect(try node(root, "optim.lr").value == .float(0.5))
        #expect(try node(root, "name").value == .string("run_0.5_x"))
        #expect(try node(root, "first").value == .int(1))
        #expect(try node(root, "lit").value == .string("${lr}"))
        // The site, the reference, then the target's own layers: the value's origin is where lr
        // got its final value, not the site that refers to it.
        let history = try node(root, "optim.lr").history
        #expect(history.map(\.action) == [.set, .reference("lr"), .set, .replaced])
        #expect(history.last?.origin.location?.file.hasSuffix("child.yaml") == true)
    }

    @Test func referenceCyclesAreErrorsThatShowTheCycle() throws {
        let configs = try TemporaryConfigs(["c.yaml": "a: ${b}\nb: ${c}\nc: ${a}\n"])
        let failure = try #require(error { _ = try load(configs, "c.yaml") })
        #expect(failure.kind == .referenceCycle)
        #expect(failure.message.contains("${a} → ${b} → ${c} → ${a}") || failure.message.contains("→"))
    }

    @Test func missingReferencesSuggestTheNearestKey() throws {
        let configs = try TemporaryConfigs(["c.yaml": "model:\n  depth: 2\nd: ${model.dpeth}\n"])
        let failure = try #require(error { _ = try load(configs, "c.yaml") })
        #expect(failure.kind == .referenceMissing)
        #expect(failure.message.contains("did you mean 'depth'"))
        #expect(failure.location?.line == 3)
    }

    @Test func baseCyclesNameTheWholeChain() throws {
        let configs = try TemporaryConfigs([
            "a.yaml": "_base_: sub/b.yaml\nx: 1\n",
            "sub/b.yaml": "_base_: ../a.yaml\ny: 2\n",
        ])
        let failure = try #require(error { _ = try load(configs, "a.yaml") })
        #expect(failure.kind == .baseCycle)
        #expect(failure.message.contains("a.yaml → "))
        #expect(failure.message.contains("sub/b.yaml → "))
        #expect(failure.location?.line == 1)
    }

    @Test func basesSharingAKeyAreAnErrorNamingBoth() throws {
        let configs = try TemporaryConfigs([
            "one.yaml": "model: {a: 1}\n",
            "two.json": "{\"model\": {\"b\": 2}}",
            "c.yaml": "_base_: [one.yaml, two.json]\n",
        ])
        let failure = try #require(error { _ = try load(configs, "c.yaml") })
        #expect(failure.kind == .duplicateBaseKey)
        #expect(failure.message.contains("one.yaml") && failure.message.contains("two.json") && failure.message.contains("'model'"))
        #expect(failure.notes.count == 2)
    }

    @Test func mappingOverScalarNeedsDelete() throws {
        let configs = try TemporaryConfigs([
            "b.yaml": "model: null\n",
            "c.yaml": "_base_: b.yaml\nmodel:\n  depth: 2\n",
        ])
        let failure = try #require(error { _ = try load(configs, "c.yaml") })
        #expect(failure.kind == .mergeTypeConflict)
        #expect(failure.location?.line == 2)
        #expect(failure.message.contains("_delete_"))
        let rendered = failure.rendered(quotingSource: true)
        #expect(rendered.contains("c.yaml:2:1: error:"))
        #expect(rendered.contains("\nmodel:\n^"))
        #expect(rendered.contains("note: the base value was set here"))
    }

    @Test func environmentAndPredefinedVariablesKeepOriginalColumns() throws {
        let configs = try TemporaryConfigs([
            "cfg.v2.yaml": "name: {{ fileBasenameNoExtension }}\next: {{ fileExtname }}\nbad: [{{$STRATA_TEST_N:3}}, ]]\n",
        ])
        let failure = try #require(error { _ = try load(configs, "cfg.v2.yaml", environment: ["STRATA_TEST_N": "12345678"]) })
        #expect(failure.kind == .yamlSyntax)
        #expect(failure.location?.line == 3)
        // The substituted line is 18 characters long; the error is past the 20-character placeholder.
        #expect((failure.location?.column ?? 0) > 26)
        // The column is the one in the file as written, not in the substituted text.
        let good = try TemporaryConfigs(["cfg.v2.yaml": "name: {{ fileBasenameNoExtension }}\next: {{ fileExtname }}\nn: {{$STRATA_TEST_N:3}}\ndir: {{ fileDirname }}\n"])
        let root = try load(good, "cfg.v2.yaml")
        #expect(try node(root, "name").value == .string("cfg.v2"))
        #expect(try node(root, "ext").value == .string(".yaml"))
        #expect(try node(root, "n").value == .int(3))
        guard case .string(let dir) = try node(root, "dir").value else { Issue.record("dir"); return }
        #expect(dir.hasPrefix("/"))
        let empty = try #require(error { _ = try load(good, "cfg.v2.yaml", environment: ["STRATA_TEST_N": ""]) })
        #expect(empty.kind == .envMissing)
        #expect(empty.location?.line == 3 && empty.location?.column == 4)
    }

    @Test func baseReferencesAreEarlyBoundAndWholeValuesOnly() throws {
        let configs = try TemporaryConfigs([
            "b.yaml": "size: !!python/tuple [1, 2]\nlr: 0.1\n",
            "c.yaml": "_base_: b.yaml\ncopy: {{ _base_.size }}\nlr: 0.2\nlr_copy: {{_base_.lr}}\n",
            "bad.yaml": "_base_: b.yaml\nname: x_{{ _base_.lr }}\n",
            "quoted.yaml": "_base_: b.yaml\nname: \"x_{{ _base_.lr }}\"\n",
        ])
        let root = try load(configs, "c.yaml")
        #expect(try node(root, "copy").value == .tuple([ConfigNode(.int(1), location: nil), ConfigNode(.int(2), location: nil)]))
        #expect(try node(root, "lr_copy").value == .float(0.1))
        #expect(try node(root, "lr_copy").history.last?.action == .reference("_base_.lr"))
        let failure = try #require(error { _ = try load(configs, "bad.yaml") })
        #expect(failure.kind == .baseRefInvalid)
        #expect(failure.location?.line == 2 && failure.location?.column == 9)
        // Inside quotes the placeholder breaks the YAML itself; the error says why.
        let quoted = try #require(error { _ = try load(configs, "quoted.yaml") })
        #expect(quoted.kind == .yamlSyntax)
        #expect(quoted.notes.contains { $0.message.contains("whole value") && $0.location?.column == 10 })
    }

    @Test func everyShippedStageConfigResolves() throws {
        let files = ["image", "stage1", "stage2", "stage1_i2v", "stage2_i2v", "demo"]
        for name in files {
            let root = try ConfigLoader(environment: [:]).load(repositoryRoot + "/configs/train/\(name).yaml").root
            #expect(try node(root, "stage").value == .string(name))
            #expect(try node(root, "optim.lr").value == node(root, "lr").value)
            guard case .mapping(let buckets) = try node(root, "bucket_config").value else {
                Issue.record("bucket_config of \(name)"); continue
            }
            for (_, table) in buckets {
                for (frames, entry) in table.value.mapping ?? [:] {
                    guard case .int = frames, case .tuple = entry.value else {
                        Issue.record("\(name): bucket entries must be integer frame keys with tuples"); continue
                    }
                }
            }
        }
    }
}
