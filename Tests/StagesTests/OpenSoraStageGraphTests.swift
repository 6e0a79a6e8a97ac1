import ConfigLang
import Foundation
import Testing
@testable import Stages

/// Open-Sora's config files as stages: the folder as an experiment, Open-Sora's chain from the
/// file names, edges an experiment declares, and the same validation and contracts as strata's
/// own stages.
@Suite struct OpenSoraStageGraphTests {
    static let configs = repoPath("Tests/ConfigLangTests/Fixtures/cases/155-opensora-image")

    /// An experiment over the fixture folder; `stages` is YAML under `stages:`.
    func experiment(in folder: String, stages: String, shared: String = "") throws -> String {
        let table = folder + "/table.csv"
        try "path,text\nclip.mp4,a cat\n".write(toFile: table, atomically: true, encoding: .utf8)
        var text = "experiment: os\nconfigs: \(Self.configs)\noverlay:\n  outputs: \(folder)/outputs\n  dataset: {data_path: \(table)}\n"
        for line in shared.split(separator: "\n") { text += "  \(line)\n" }
        text += "stages:\n" + stages.split(separator: "\n").map { "  \($0)\n" }.joined()
        let path = folder + "/os.yaml"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func theFolderIsAnExperimentInOpenSorasChain() throws {
        let experiment = Experiment.folder(Self.configs, fileExtension: "py")
        #expect(experiment.name == "default")
        #expect(experiment.stages.map(\.name) == ["image", "stage1", "stage2", "stage1_i2v", "stage2_i2v", "demo", "high_compression"])
        #expect(experiment.stage(configFile: Self.configs + "/../155-opensora-image/stage2.py")?.name == "stage2")
        let resolver = StageResolver(experiment: experiment, overrides: StageOverrides(target: "stage2_i2v"))
        let chain = try resolver.chain(to: "stage2_i2v")
        #expect(chain.map(\.name) == ["image", "stage1", "stage2", "stage2_i2v"])
        #expect(chain.map(\.initFrom) == [nil, "image", "stage1", "stage2"])
        // The i2v stage adds condition channels on purpose.
        #expect(chain.last?.declaredChanges.map(\.path) == ["model.cond_embed"])
        #expect(try resolver.chain(to: "demo").map(\.name) == ["demo"], "a file outside the chain is a root")
        #expect(chain.allSatisfy { Registry.standard.engine(of: $0.config) == .opensora })
        #expect(chain[1].value("init_from")?.origin?.description == "<Open-Sora's stage chain>")
    }

    @Test func plansValidateAndFingerprintLikeStrataStages() throws {
        let folder = try temporaryFolder()
        let path = try experiment(in: folder, stages: "image:\nstage1:\nstage1_i2v:")
        let planned = try plan(path, "stage1_i2v")
        #expect(planned.stages.map(\.name) == ["image", "stage1", "stage1_i2v"])
        #expect(planned.stages.map(\.status.label) == ["missing", "missing", "missing"])
        #expect(Set(planned.stages.map(\.fingerprint)).count == 3)
        let outcomes = try execute(planned)
        #expect(outcomes[1].record.initWeights == outcomes[0].record.finalWeightsPath)
        #expect(try plan(path, "stage1_i2v").stages.map(\.status.label) == ["done", "done", "done"])
        // A value the trainer reads but no file sets changes the fingerprint when it changes the result.
        #expect(try plan(path, "stage1_i2v", ["--guidance", "7"]).stages.map(\.status.label) == ["done", "done", "stale"])
    }

    @Test func anExperimentDeclaresEdges() throws {
        let folder = try temporaryFolder()
        let path = try experiment(in: folder, stages: "image:\nstage1:\ndemo:\n  init_from: stage1\nstage2:\n  init_from: null")
        #expect(try plan(path, "demo").stages.map(\.name) == ["image", "stage1", "demo"])
        #expect(try plan(path, "stage2").stages.map(\.name) == ["stage2"])
        let demo = try plan(path, "demo").stages.last?.stage.value("init_from")
        #expect(demo?.origin?.description.hasSuffix("os.yaml:10:16 (experiment)") == true, "\(demo?.origin?.description ?? "")")
    }

    @Test func aMissingUpstreamIsNamed() throws {
        let folder = try temporaryFolder()
        let path = try experiment(in: folder, stages: "stage2:")
        let messages = schemaMessages { _ = try plan(path, "stage2") }
        #expect(messages.first?.contains("stage 'stage2' starts from stage 'stage1', which experiment 'os' does not include") == true, "\(messages)")
        // Its own weights cut the chain.
        #expect(try plan(path, "stage2", ["--model.from_pretrained", "ckpts/Open_Sora_v2.safetensors"]).stages.map(\.name) == ["stage2"])
    }

    @Test func aTypoInsideTheModelIsRefusedAtItsPlace() throws {
        let folder = try temporaryFolder()
        let path = try experiment(in: folder, stages: "image:\nstage1:", shared: "model: {dept: 3}")
        let messages = schemaMessages { _ = try plan(path, "stage1") }
        #expect(messages.contains { $0.contains("unknown parameter 'model.dept' of model type 'flux'; did you mean 'depth'?") && $0.contains("os.yaml:") }, "\(messages)")
        let argument = schemaMessages { _ = try plan(try experiment(in: folder, stages: "image:\nstage1:"), "stage1", ["--model.dept", "3"]) }
        #expect(argument.contains { $0.contains("argument 1: --model.dept 3") && $0.contains("did you mean 'model.depth'?") }, "\(argument)")
    }

    @Test func aStageWhoseModelDisagreesWithItsUpstreamBreaksTheEdge() throws {
        let folder = try temporaryFolder()
        let path = try experiment(in: folder, stages: "image:\nstage1:\nstage2:\n  overlay: {model: {depth: 4}}")
        let messages = schemaMessages { _ = try plan(path, "stage2") }
        #expect(messages.contains { $0.contains("stage 'stage2' starts from the weights of stage 'stage1', but model.depth differs") }, "\(messages)")
    }
}
