import ConfigLang
import Foundation
import Testing
@testable import Stages

@Suite struct ContractTests {
    @Test func violationQuotesBothValuesWithOrigins() throws {
        let folder = try temporaryFolder()
        let experiment = try writeExperiment(in: folder)
        let messages = schemaMessages { _ = try plan(experiment, "stage2", ["model.hidden_size=128"]) }
        #expect(messages.count == 1)
        let message = try #require(messages.first)
        #expect(message.contains("error: argument 1: model.hidden_size=128: stage 'stage2' starts from the weights of stage 'stage1', but model.hidden_size differs: 64 in stage1 → 128 in stage2"))
        #expect(message.contains("add model.hidden_size to declared_changes"))
        #expect(message.contains("configs/train/image.yaml:28:16: note: stage1's model.hidden_size = 64 comes from"))
        #expect(message.contains("note: stage2's model.hidden_size = 128 comes from argument 1: model.hidden_size=128"))
    }

    @Test func declaredChangePasses() throws {
        // stage1_i2v turns cond_embed on and declares it.
        let experiment = Experiment.shipped(root: repositoryRoot)
        let planner = Planner(experiment: experiment, overrides: StageOverrides(target: ""))
        let chain = try planner.plan("stage1_i2v").stages
        #expect(chain[1].stage.value("model.cond_embed")?.value == .bool(false))
        #expect(chain[2].stage.value("model.cond_embed")?.value == .bool(true))
        // Without the declaration the same edge is a violation.
        let undeclared = try writeExperiment(in: try temporaryFolder(), stages: ["image", "stage1", "stage1_i2v"])
        let messages = schemaMessages { _ = try plan(undeclared, "stage1_i2v", ["declared_changes=[]"]) }
        #expect(messages.count == 1)
        #expect(messages.first?.contains("but model.cond_embed differs: False in stage1 → True in stage1_i2v") == true)
    }

    @Test func declaringANonWeightKeyIsAnError() throws {
        let folder = try temporaryFolder()
        let experiment = try writeExperiment(in: folder)
        let messages = schemaMessages { _ = try plan(experiment, "stage1", ["+declared_changes=['optim.lr']"]) }
        #expect(messages.first?.contains("declared_changes: 'optim.lr' is not a weight-shaping parameter") == true)
    }
}

@Suite struct RunRecordTests {
    @Test func recordRoundTripsWithOrigins() throws {
        let folder = try temporaryFolder()
        let experiment = try writeExperiment(in: folder, stages: ["image"])
        let outcome = try execute(try plan(experiment, "image", ["--lr", "2e-3"]))[0]
        let record = try RunRecord.read(outcome.record.directory)
        #expect(record.status == .completed)
        #expect(record.git == GitState(commit: "abc", dirty: false))
        #expect(record.seed == 42)
        #expect(record.strataVersion == StrataVersion.current)
        #expect(record.fingerprint == outcome.record.fingerprint)
        #expect(record.overrides == ["argument 1: --lr 2e-3"])
        #expect(record.ended != nil && record.started <= record.ended!)
        let lr = try record.config.descendant(at: "optim.lr")
        #expect(lr.value == .float(2e-3))
        #expect(try record.config.descendant(at: "lr").origin == .argument(index: 1, text: "--lr 2e-3"))
        #expect(try record.config.descendant(at: "model.depth").origin?.location?.line == 29)
        #expect(try record.config.descendant(at: "optim.betas.0").origin == .builtin("default of adamw.betas"))
        #expect(try record.config.descendant(at: "outputs").origin?.description.hasSuffix("t.yaml:4:12 (experiment)") == true)
        // optim.lr is `${lr}`: its origin is the override, and the record keeps every layer.
        #expect(lr.origin == .argument(index: 1, text: "--lr 2e-3"))
        #expect(lr.history.map(\.action) == [.set, .reference("lr"), .set, .replaced])
        #expect(lr.history.first?.origin.location?.line == 54)
        let explained = try Explanation(try ConfigInput.load(outcome.record.directory, overrides: []).root, key: "optim.lr").rendered()
        #expect(explained.contains("${lr} resolved from lr = 0.002:") && explained.contains("replaced at argument 1: --lr 2e-3"), "\(explained)")
        // The same config and fingerprint as the plan had.
        let replanned = try Planner(experiment: try Experiment.load(experiment), overrides: try overrides(["--lr", "2e-3"], target: "image")).plan("image")
        #expect(replanned.stages[0].status.label == "done")
    }

    @Test func runDirectoriesDiffLikeConfigFiles() throws {
        let folder = try temporaryFolder()
        let experiment = try writeExperiment(in: folder, stages: ["image"])
        let a = try execute(try plan(experiment, "image"))[0].record.directory
        let b = try execute(try plan(experiment, "image", ["optim.weight_decay=0.05"]))[0].record.directory
        #expect(a != b)
        let diff = ConfigDiff(try ConfigInput.load(a, overrides: []).root, try ConfigInput.load(b, overrides: []).root, labels: (a, b))
        #expect(diff.leaves.map(\.path.description) == ["optim.weight_decay"])
        #expect(diff.leaves[0].b?.origin == .argument(index: 1, text: "optim.weight_decay=0.05"))
        #expect(diff.leaves[0].a?.origin?.location?.file.hasSuffix("configs/train/image.yaml") == true)
        // Overrides apply on top of a run directory, as on a config file.
        let overridden = try ConfigInput.load(a + "/run.yaml", overrides: try OverrideParser.parse(["epochs=5"], firstArgumentIndex: 2))
        #expect(try overridden.root.descendant(at: "epochs").value == .int(5))
    }

    @Test func layerTextsParseBack() {
        let location = SourceLocation(file: "configs/a b.yaml", line: 3, column: 7)
        let events = [
            ProvenanceEvent(.set, at: .file(location)), ProvenanceEvent(.merged, at: .experiment(location)),
            ProvenanceEvent(.replaced, at: .argument(index: 4, text: "--lr 3e-4")), ProvenanceEvent(.deleted, at: .file(location)),
            ProvenanceEvent(.removed, at: .argument(index: 2, text: "~ema")), ProvenanceEvent(.alias(anchor: location), at: .file(location)),
            ProvenanceEvent(.mergeKey, at: .file(location)), ProvenanceEvent(.reference("model.depth"), at: .file(location)),
            ProvenanceEvent(.computed(from: ["lr", "eps"]), at: .file(location)), ProvenanceEvent(.set, at: .builtin("default of dit.depth")),
        ]
        for event in events { #expect(OriginMirror.event(event.description) == event, "\(event)") }
    }

    @Test func originTextsParseBack() {
        let origins: [Origin] = [
            .file(SourceLocation(file: "configs/train/a.yaml", line: 3, column: 7)),
            .experiment(SourceLocation(file: "experiments/demo.yaml", line: 7, column: 5)),
            .argument(index: 4, text: "--model.depth 3"),
            .builtin("default of dit.mlp_ratio"),
        ]
        for origin in origins { #expect(OriginMirror.parse(origin.description) == origin) }
    }

    @Test func experimentsDiffStageByStage() throws {
        let folder = try temporaryFolder()
        let a = try Experiment.load(try writeExperiment(in: folder, name: "a", stages: ["image", "stage1"]))
        let b = try Experiment.load(try writeExperiment(in: folder, name: "b", stages: ["image", "stage1", "stage2"], stageOverlays: ["stage1": "epochs: 4"]))
        let diff = try ExperimentDiff(a, b, labels: ("a", "b"))
        #expect(!diff.isEqual)
        guard diff.entries.count == 3, case .both("image", let image) = diff.entries[0], case .both("stage1", let stage1) = diff.entries[1],
              case .onlyInB("stage2") = diff.entries[2] else { Issue.record("entries \(diff.entries)"); return }
        #expect(image.isEqual)
        #expect(stage1.leaves.map(\.path.description) == ["epochs"])
        #expect(ConfigInput.isExperiment(repoPath("experiments/demo.yaml")))
        #expect(!ConfigInput.isExperiment(repoPath("configs/train/stage1.yaml")))
    }
}

@Suite struct ConfigLangAdditionsTests {
    @Test func overrideOfAReferenceIsReadAsALiteral() throws {
        // optim.lr is `${lr}` until resolved: `1e-4` must become a float, not the string "1e-4".
        let parsed = try OverrideParser.parse(["optim.lr=1e-4", "optim.eps=${lr}"], firstArgumentIndex: 1)
        let root = try ConfigLoader().load(repoPath("configs/train/stage1.yaml"), overrides: parsed).root
        #expect(try root.descendant(at: "optim.lr").value == .float(1e-4))
        #expect(try root.descendant(at: "optim.eps").value == .float(5e-4))
    }

    @Test func overlaysMergeBetweenFileAndOverrides() throws {
        let folder = try temporaryFolder()
        let overlayFile = folder + "/overlay.yaml"
        try "epochs: 7\nae:\n  _delete_: true\n  type: precomputed\n".write(toFile: overlayFile, atomically: true, encoding: .utf8)
        let overlay = try ConfigLoader().loadOverlay(overlayFile).markedAsExperiment()
        let parsed = try OverrideParser.parse(["epochs=8"], firstArgumentIndex: 1)
        let root = try ConfigLoader().load(repoPath("configs/train/image.yaml"), overlays: [overlay], overrides: parsed).root
        let epochs = try root.descendant(at: "epochs")
        #expect(epochs.value == .int(8))
        #expect(epochs.history.map(\.origin) == [
            .file(SourceLocation(file: repoPath("configs/train/image.yaml"), line: 71, column: 9)),
            .experiment(SourceLocation(file: overlayFile, line: 1, column: 9)),
            .argument(index: 1, text: "epochs=8"),
        ])
        #expect(try root.descendant(at: "ae").value.mapping?.keys.map(\.description) == ["type"])
    }
}
