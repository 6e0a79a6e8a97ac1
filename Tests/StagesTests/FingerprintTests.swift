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
