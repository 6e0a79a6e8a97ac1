import ConfigLang
import Foundation
import Testing
@testable import Stages

@Suite struct PlannerTests {
    @Test func secondRunReusesEverything() throws {
        let folder = try temporaryFolder()
        let experiment = try writeExperiment(in: folder)
        let first = try execute(try plan(experiment, "stage2"))
        #expect(first.map(\.reused) == [false, false, false])
        #expect(first.allSatisfy { $0.record.status == .completed })

        let again = try plan(experiment, "stage2")
        #expect(again.stages.map(\.status.label) == ["done", "done", "done"])
        #expect(again.toRun.isEmpty)
        let second = try execute(again)
        #expect(second.map(\.reused) == [true, true, true])
        #expect(second.map(\.record.directory) == first.map(\.record.directory))
    }

    @Test func changingStage1LrRerunsStage1AndStage2Only() throws {
        let folder = try temporaryFolder()
        let experiment = try writeExperiment(in: folder)
        let first = try execute(try plan(experiment, "stage2"))

        let changed = try plan(experiment, "stage2", ["stage1:optim.lr=1e-4"])
        #expect(changed.stages.map(\.status.label) == ["done", "stale", "stale"])
        guard case .stale(let reasons1, _) = changed.stages[1].status, case .stale(let reasons2, _) = changed.stages[2].status else {
            Issue.record("expected stale stages"); return
        }
        #expect(reasons1 == ["optim.lr 0.0005 → 0.0001 from argument 1: stage1:optim.lr=1e-4"])
        #expect(reasons2 == ["upstream stage1 reruns"])
        #expect(changed.stages[1].overrideChanges.map(\.path) == ["optim.lr"])

        let second = try execute(changed)
        #expect(second.map(\.reused) == [true, false, false])
        // stage1 starts from the image run of the first execution; stage2 from the new stage1.
        #expect(second[1].record.initWeights == first[0].record.finalWeightsPath)
        #expect(second[2].record.initWeights == second[1].record.finalWeightsPath)
        #expect(second[1].record.directory != first[1].record.directory)
        #expect(second[1].record.overrides == ["argument 1: stage1:optim.lr=1e-4"])
    }

    @Test func statusesDoneStaleMissing() throws {
        let folder = try temporaryFolder()
        let experiment = try writeExperiment(in: folder)
        _ = try execute(try plan(experiment, "stage1"))
        let stale = try writeExperiment(in: folder, stageOverlays: ["stage1": "epochs: 3"])
        let mixed = try plan(stale, "stage2")
        #expect(mixed.stages.map(\.status.label) == ["done", "stale", "missing"])
        guard case .stale(let reasons, _) = mixed.stages[1].status else { Issue.record("stage1 not stale"); return }
        #expect(reasons.count == 1)
        #expect(reasons[0].hasPrefix("epochs 2 → 3 from "))
        #expect(reasons[0].hasSuffix("t.yaml:10:15 (experiment)"))
        let text = PlanRendering.text(mixed)
        #expect(text.contains("because epochs 2 → 3 from"))
        #expect(text.contains("to run: stage1, stage2"))

        let graph = GraphRendering(experiment: try Experiment.load(stale),
                                   stages: try Planner(experiment: try Experiment.load(stale), overrides: StageOverrides(target: "")).planEveryStage())
        #expect(graph.text().contains("└── image [done]\n    └── stage1 [stale: epochs 2 → 3"))
        #expect(graph.dot().contains("\"image\" -> \"stage1\";"))
    }

    @Test func operationalValuesDoNotRerun() throws {
        let folder = try temporaryFolder()
        let experiment = try writeExperiment(in: folder, stages: ["image"])
        _ = try execute(try plan(experiment, "image"))
        let cadence = try plan(experiment, "image", ["log_every=1", "ckpt_every=7", "num_workers=0", "keep_n_latest=1"])
        #expect(cadence.stages.map(\.status.label) == ["done"])
    }

    @Test func failedRunIsRecordedAndContinuedInPlace() throws {
        let folder = try temporaryFolder()
        let experiment = try writeExperiment(in: folder)
        #expect(throws: StageRunFailure.self) {
            _ = try execute(try plan(experiment, "stage1"), trainer: RecordingTrainer(failing: ["stage1"]))
        }
        let afterFailure = try plan(experiment, "stage1")
        #expect(afterFailure.stages.map(\.status.label) == ["done", "stale"])
        let record = try RunRecord.read(afterFailure.stages[1].runDirectory)
        #expect(record.status == .failed)
        #expect(record.error == "stage1 diverged")
        guard case .stale(let reasons, _) = afterFailure.stages[1].status else { Issue.record("not stale"); return }
        #expect(reasons[0].contains("failed: stage1 diverged; it continues there"))
        let outcomes = try execute(afterFailure)
        #expect(outcomes[1].record.resumed)
        #expect(outcomes[1].record.directory == record.directory)
        let weights = try String(contentsOfFile: try #require(outcomes[1].record.finalWeightsPath), encoding: .utf8)
        #expect(weights.hasSuffix("resume=true"))
    }

    @Test func missingDatasetBlocksRunningButNotPlanning() throws {
        let folder = try temporaryFolder()
        let experiment = try writeExperiment(in: folder, stages: ["image"], sharedOverlay: "dataset: {data_path: \(folder)/absent.csv}")
        let planned = try plan(experiment, "image")
        #expect(planned.stages[0].blockers.count == 1)
        #expect(throws: SchemaErrors.self) { _ = try execute(planned) }
        #expect(!FileManager.default.fileExists(atPath: planned.stages[0].runDirectory))
    }

    @Test func unknownStageInOverridesOrChain() throws {
        let folder = try temporaryFolder()
        let experiment = try writeExperiment(in: folder, stages: ["stage1", "stage2"])
        #expect(throws: ConfigError.self) { _ = try plan(experiment, "stage2") }  // image is not in it
        let full = try writeExperiment(in: folder)
        #expect(throws: ConfigError.self) { _ = try plan(full, "stage1", ["stage2:epochs=2"]) }
    }
}

@Suite struct DemoExperimentTests {
    /// `strata run stage2 -e demo` twice, then with stage1's lr changed, on the shipped experiment
    /// (outputs and the generated demo table redirected to a temporary folder for every stage).
    @Test func demoRunsTwiceThenRerunsFromStage1() throws {
        let folder = try temporaryFolder()
        let demo = repoPath("experiments/demo.yaml")
        let table = "\(folder)/meta.csv"
        try "path,text,num_frames,height,width,aspect_ratio,resolution,fps\na.mp4,a red circle,9,64,64,1.0,4096,24\n"
            .write(toFile: table, atomically: true, encoding: .utf8)
        let redirect = ["*:outputs=\(folder)/outputs", "*:dataset.data_path=\(table)"]
        let first = try execute(try plan(demo, "stage2", redirect))
        #expect(first.map(\.stage) == ["image", "stage1", "stage2"])
        #expect(first.map(\.reused) == [false, false, false])
        #expect(first[0].record.directory.hasPrefix("\(folder)/outputs/demo/image-"))
        #expect(try execute(try plan(demo, "stage2", redirect)).map(\.reused) == [true, true, true])
        let changed = try execute(try plan(demo, "stage2", redirect + ["--stage1:optim.lr", "1e-4"]))
        #expect(changed.map(\.reused) == [true, false, false])
    }
}

/// `plan` refuses exactly what `run` would refuse, before any run directory exists.
@Suite struct PlanRunAgreementTests {
    @Test func aStageWithoutATableOrWithMissingWeightsIsBlockedBeforeAnythingExists() throws {
        let folder = try temporaryFolder()
        let experiment = try writeExperiment(in: folder, stages: ["image", "stage1"])
        for tokens in [["*:dataset.data_path=null"], ["--model.from_pretrained", folder + "/nope.safetensors"]] {
            let planned = try plan(experiment, "stage1", tokens)
            #expect(!planned.stages.last!.blockers.isEmpty, "\(tokens)")
            #expect(throws: SchemaErrors.self) { _ = try execute(planned) }
            #expect(!FileManager.default.fileExists(atPath: folder + "/outputs"), "nothing was written for \(tokens)")
        }
        let text = PlanRendering.text(try plan(experiment, "stage1", ["--model.from_pretrained", folder + "/nope.safetensors"]))
        #expect(text.contains("cannot run here") && text.contains("model.from_pretrained '\(folder)/nope.safetensors' does not exist"), "\(text)")
    }

    @Test func outputsGivenForTheTargetHoldsTheWholeChain() throws {
        let folder = try temporaryFolder()
        let experiment = try writeExperiment(in: folder, stages: ["image", "stage1"])
        let planned = try plan(experiment, "stage1", ["outputs=\(folder)/elsewhere"])
        #expect(planned.stages.allSatisfy { $0.runDirectory.hasPrefix(folder + "/elsewhere/t/") }, "\(planned.stages.map(\.runDirectory))")
    }
}
