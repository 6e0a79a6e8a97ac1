import ConfigLang
import Foundation
import Testing
@testable import Stages

@Suite struct FingerprintTests {
    func fingerprints(_ experiment: String, _ tokens: [String] = [], target: String = "stage1") throws -> [String] {
        try plan(experiment, target, tokens).stages.map(\.fingerprint)
    }

    @Test func changesWhenAndOnlyWhenAResultValueChanges() throws {
        let folder = try temporaryFolder()
        let experiment = try writeExperiment(in: folder, stages: ["image", "stage1"])
        let base = try fingerprints(experiment)
        #expect(try fingerprints(experiment) == base)
        // Weight-shaping value of the root: both change (the upstream counts).
        let wider = try fingerprints(experiment, ["image:model.hidden_size=128", "stage1:model.hidden_size=128"])
        #expect(wider[0] != base[0] && wider[1] != base[1])
        // A value of the child only: the root stays.
        let child = try fingerprints(experiment, ["optim.weight_decay=0.1"])
        #expect(child[0] == base[0] && child[1] != base[1])
        // Operational values and ignored ones: nothing changes.
        #expect(try fingerprints(experiment, ["log_every=3", "ckpt_every=9", "num_workers=0", "grad_ckpt_settings=(1, 1)", "outputs=\(folder)/elsewhere"]) == base)
        // The same value written as an integer is the same setting.
        #expect(try fingerprints(experiment, ["grad_clip=2"]) == fingerprints(experiment, ["grad_clip=2.0"]))
    }

    @Test func dataContentCountsNotItsPath() throws {
        let folder = try temporaryFolder()
        try "path,text\na.mp4,a cat\n".write(toFile: folder + "/one.csv", atomically: true, encoding: .utf8)
        try "path,text\na.mp4,a cat\n".write(toFile: folder + "/copy.csv", atomically: true, encoding: .utf8)
        try "path,text\na.mp4,a dog\n".write(toFile: folder + "/other.csv", atomically: true, encoding: .utf8)
        let experiment = try writeExperiment(in: folder, stages: ["image", "stage1"])
        func with(_ table: String) throws -> [String] { try fingerprints(experiment, ["*:dataset.data_path=\(folder)/\(table)"]) }
        let none = try fingerprints(experiment)
        let one = try with("one.csv")
        #expect(one != none)
        #expect(try with("copy.csv") == one)
        let other = try with("other.csv")
        #expect(other[0] != one[0] && other[1] != one[1])
    }

    @Test func canonicalEncodingIsTyped() {
        func fingerprint(_ value: ConfigValue) -> String {
            FingerprintInputs(stage: "s", values: [RoledValue(path: "x", role: .result, value: value, node: ConfigNode(value, location: nil))],
                              dataSHA256: nil, upstream: nil).fingerprint
        }
        let one = ConfigNode(.int(1), location: nil)
        #expect(fingerprint(.int(1)) != fingerprint(.float(1)))
        #expect(fingerprint(.int(1)) != fingerprint(.string("1")))
        #expect(fingerprint(.tuple([one])) != fingerprint(.list([one])))
        #expect(fingerprint(.mapping([.int(1): one])) != fingerprint(.mapping([.string("1"): one])))
        // Known answer: SHA-256 of the documented canonical text.
        let text = "strata-fingerprint 1\nversion s5:0.1.0\nstage s1:s\ndata none\nupstream none\ns1:x = i1\n"
        #expect(fingerprint(.int(1)) == Hex.sha256(Data(text.utf8)))
    }

    @Test func strataVersionCounts() throws {
        let folder = try temporaryFolder()
        let experiment = try Experiment.load(try writeExperiment(in: folder, stages: ["image"]))
        let now = try Planner(experiment: experiment, overrides: StageOverrides(target: "image")).plan("image")
        let later = try Planner(experiment: experiment, overrides: StageOverrides(target: "image"), strataVersion: "9.9").plan("image")
        #expect(now.stages[0].fingerprint != later.stages[0].fingerprint)
    }
}

/// Every file a stage reads counts by content, and so does the world size.
@Suite struct FingerprintInputTests {
    @Test func overwritingTheWeightsAStageStartsFromMakesItStale() throws {
        let folder = try temporaryFolder()
        let experiment = try writeExperiment(in: folder, stages: ["image", "stage1"])
        let weights = folder + "/w.safetensors"
        try Data("first".utf8).write(to: URL(fileURLWithPath: weights))
        let tokens = ["--model.from_pretrained", weights]
        let first = try plan(experiment, "stage1", tokens)
        _ = try execute(first)
        #expect(try plan(experiment, "stage1", tokens).stages.map(\.status.label) == ["done"])
        // The same path, other bytes (a longer file: size changes, so the cache hashes again).
        try Data("second, retrained".utf8).write(to: URL(fileURLWithPath: weights))
        let after = try plan(experiment, "stage1", tokens)
        guard case .stale(let reasons, _) = after.stages[0].status else { Issue.record("expected stale"); return }
        #expect(reasons.first?.hasPrefix("model.from_pretrained changed (sha256 ") == true, "\(reasons)")
        #expect(after.stages[0].fingerprint != first.stages[0].fingerprint)
    }

    @Test func aCheckpointFolderCountsByEveryFileInIt() throws {
        let folder = try temporaryFolder()
        let hashes = FileHashes(cacheFile: nil)
        try FileManager.default.createDirectory(atPath: folder + "/ckpt/model", withIntermediateDirectories: true)
        try "a".write(toFile: folder + "/ckpt/model/part-1", atomically: true, encoding: .utf8)
        try "b".write(toFile: folder + "/ckpt/running_states.json", atomically: true, encoding: .utf8)
        let before = try hashes.sha256(of: folder + "/ckpt")
        try "c".write(toFile: folder + "/ckpt/model/part-1", atomically: true, encoding: .utf8)
        #expect(try FileHashes(cacheFile: nil).sha256(of: folder + "/ckpt") != before)
    }

    @Test func theWorldSizeCounts() throws {
        let folder = try temporaryFolder()
        let experiment = try writeExperiment(in: folder, stages: ["image"])
        let loaded = try Experiment.load(experiment)
        func fingerprint(_ ranks: Int) throws -> String {
            try Planner(experiment: loaded, overrides: StageOverrides(target: "image"), worldSize: ranks).plan("image").stages[0].fingerprint
        }
        #expect(try fingerprint(1) != fingerprint(2))
        #expect(try fingerprint(2) == fingerprint(2))
        #expect(RunPlacement.launchedWorldSize(environment: ["OMPI_COMM_WORLD_SIZE": "4"]) == 4)
        #expect(RunPlacement.launchedWorldSize(environment: ["SLURM_NTASKS": "8"]) == 1, "a batch script is not a step")
        #expect(RunPlacement.launchedWorldSize(environment: ["SLURM_NTASKS": "8", "SLURM_STEP_ID": "0"]) == 8)
    }

    @Test func precomputedFilesTheTableNamesCount() throws {
        let folder = try temporaryFolder()
        try "path,text,latent\na.mp4,a cat,lat/a.safetensors\n".write(toFile: folder + "/table.csv", atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: folder + "/lat", withIntermediateDirectories: true)
        try "one".write(toFile: folder + "/lat/a.safetensors", atomically: true, encoding: .utf8)
        let experiment = try writeExperiment(in: folder, stages: ["image"], sharedOverlay: "ae: {_delete_: true, type: precomputed}")
        let before = try plan(experiment, "image").stages[0]
        #expect(before.inputs.files.map(\.label) == ["ae files (column latent)"])
        try "two, longer".write(toFile: folder + "/lat/a.safetensors", atomically: true, encoding: .utf8)
        #expect(try plan(experiment, "image").stages[0].fingerprint != before.fingerprint)
    }
}

/// One run per stage directory; `plan` names the process that holds it.
@Suite struct RunLockTests {
    @Test func aSecondRunOfALiveStageIsRefused() throws {
        let folder = try temporaryFolder()
        let experiment = try writeExperiment(in: folder, stages: ["image"])
        let planned = try plan(experiment, "image")
        var held: RunLock? = try RunLock.acquire(in: planned.stages[0].runDirectory)
        #expect(RunLock.holder(of: planned.stages[0].runDirectory) == getpid())
        #expect(throws: StageRunFailure.self) { _ = try execute(planned) }
        do { _ = try execute(planned) } catch let failure as StageRunFailure {
            #expect(failure.message.contains("another strata (pid \(getpid())) is training this stage"), "\(failure.message)")
        }
        #expect(held != nil)
        held = nil
        _ = try execute(try plan(experiment, "image"))
        #expect(RunLock.holder(of: planned.stages[0].runDirectory) == nil, "released when the stage ends")
    }
}
