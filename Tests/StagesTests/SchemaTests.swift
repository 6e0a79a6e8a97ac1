import ConfigLang
import Foundation
import Testing
@testable import Stages

@Suite struct ShippedConfigTests {
    @Test(arguments: ["image", "stage1", "stage2", "stage1_i2v", "stage2_i2v", "demo"])
    func everyShippedStagePlans(stage: String) throws {
        let experiment = Experiment.shipped(root: repositoryRoot)
        let plan = try Planner(experiment: experiment, overrides: StageOverrides(target: stage)).plan(stage)
        #expect(plan.stages.last?.name == stage)
    }

    @Test func shippedChainsFollowOpenSora() throws {
        let experiment = Experiment.shipped(root: repositoryRoot)
        let planner = Planner(experiment: experiment, overrides: StageOverrides(target: ""))
        #expect(try planner.plan("stage2_i2v").stages.map(\.name) == ["image", "stage1", "stage2", "stage2_i2v"])
        #expect(try planner.plan("stage1_i2v").stages.map(\.name) == ["image", "stage1", "stage1_i2v"])
        #expect(try planner.plan("demo").stages.map(\.name) == ["image", "stage1", "demo"])
    }

    @Test(arguments: ["demo", "cluster_256px"])
    func everyShippedExperimentResolves(name: String) throws {
        let experiment = try Experiment.load(repoPath("experiments/\(name).yaml"))
        #expect(experiment.name == name)
        let planner = Planner(experiment: experiment, overrides: StageOverrides(target: ""))
        let planned = try planner.planEveryStage()
        #expect(Set(planned.keys) == Set(experiment.stages.map(\.name)))
    }

    @Test func experimentOverlayHasExperimentOrigin() throws {
        let experiment = try Experiment.load(repoPath("experiments/cluster_256px.yaml"))
        let stage = try StageResolver(experiment: experiment, overrides: StageOverrides(target: "")).resolve("image")
        let node = try #require(stage.value("model.hidden_size"))
        guard case .experiment(let location)? = node.origin else { Issue.record("origin \(String(describing: node.origin))"); return }
        #expect(location.file.hasSuffix("experiments/cluster_256px.yaml"))
        #expect(location.line == 14)
        // `_delete_` in an overlay replaces the shipped autoencoder instead of merging into it.
        #expect(stage.value("ae.space_to_depth") == nil)
        #expect(stage.value("ae.column")?.value == .string("latent_path"))
    }
}

@Suite struct SchemaErrorTests {
    func validate(_ yaml: String, overrides tokens: [String] = []) throws -> [String] {
        let folder = try temporaryFolder()
        let file = folder + "/stage.yaml"
        try ("_base_: \(repoPath("configs/train/image.yaml"))\n" + yaml).write(toFile: file, atomically: true, encoding: .utf8)
        let parsed = try OverrideParser.parse(tokens, firstArgumentIndex: 3)
        let root = try ConfigLoader().load(file, overrides: parsed).root
        return schemaMessages { _ = try SchemaValidator().validateStage(root) }
    }

    @Test func unknownParameterSuggestsAndPointsAtTheKey() throws {
        let messages = try validate("model:\n  hiden_size: 32\n")
        #expect(messages.count == 1)
        #expect(messages[0].contains("stage.yaml:3:3: error: unknown parameter 'model.hiden_size' of model type 'dit'; did you mean 'hidden_size'?"))
    }

    @Test func unknownTopLevelKeySuggests() throws {
        let messages = try validate("log_evry: 5\n")
        #expect(messages.count == 1)
        #expect(messages[0].contains("stage.yaml:2:1: error: unknown parameter 'log_evry' of a stage config; did you mean 'log_every'?"))
    }

    @Test func wrongTypeInAFile() throws {
        let messages = try validate("model:\n  depth: 2.5\n")
        #expect(messages.count == 1)
        #expect(messages[0].contains("stage.yaml:3:10: error: model.depth: expected an integer > 0, found 2.5 (float)"))
    }

    @Test func outOfRangeNamesTheArgument() throws {
        // ema_decay is null in the config, so the override's type is read from its text.
        let messages = try validate("", overrides: ["ema_decay=1.5"])
        #expect(messages == ["error: argument 3: ema_decay=1.5: ema_decay: expected a number in [0, 1), found 1.5 (float)"])
    }

    @Test func outOfRangeAndChoice() throws {
        let messages = try validate("dataset:\n  fps_max: 0\n  transform_name: resize_crp\n")
        #expect(messages.count == 2)
        // In the config's key order: image.yaml has transform_name before fps_max.
        #expect(messages[0].contains("stage.yaml:4:19: error: dataset.transform_name: expected one of resize_crop, center, rand_size_crop, found 'resize_crp'; did you mean 'resize_crop'?"))
        #expect(messages[1].contains("stage.yaml:3:12: error: dataset.fps_max: expected an integer > 0, found 0 (integer)"))
    }

    @Test func unknownTypeListsTheCategory() throws {
        let messages = try validate("ae:\n  type: vae\n")
        #expect(messages.count == 1)
        #expect(messages[0].contains("stage.yaml:3:9: error: ae.type: unknown ae type 'vae' registered ae types: identity, precomputed"))
    }

    @Test func aliasResolvesToTheRegisteredType() throws {
        // image.yaml says `cls: HybridAdam`.
        let root = try ConfigLoader().load(repoPath("configs/train/image.yaml")).root
        let validator = SchemaValidator()
        let config = try validator.validateStage(root)
        let type = try #require(validator.roledValues(of: config).first { $0.path == "optim.type" })
        #expect(type.value == .string("adamw"))
        #expect(type.role == .result)
        // Defaults of the aliased type are filled in.
        #expect(try config.descendant(at: "optim.betas").value == .tuple([ConfigNode(.float(0.9), location: nil), ConfigNode(.float(0.999), location: nil)]))
    }

    @Test func typeAndClassTogetherIsAnError() throws {
        let messages = try validate("optim:\n  type: sgd\n")
        #expect(messages.count == 1)
        #expect(messages[0].contains("optim: give the type once, as 'type' or 'cls', not both"))
    }

    @Test func crossParameterCheck() throws {
        let messages = try validate("model:\n  num_heads: 5\n")
        #expect(messages.count == 1)
        #expect(messages[0].contains("stage.yaml:3:14: error: model.num_heads: num_heads 5 does not divide hidden_size 64"))
    }

    @Test func rotaryWidthsMustFillAHead() throws {
        // The test stage's model: hidden_size 64, 4 heads, so 16 features a head.
        #expect(try validate("model:\n  axes_dim: [4, 6, 6]\n").isEmpty)
        let short = try validate("model:\n  axes_dim: [2, 6, 6]\n")
        #expect(short.count == 1)
        #expect(short[0].contains("model.axes_dim: axes_dim [2, 6, 6] adds up to 14 but a head has hidden_size / num_heads = 16 features"))
        let odd = try validate("model:\n  axes_dim: [3, 7, 6]\n")
        #expect(odd.count == 1)
        #expect(odd[0].contains("has the odd width 3"))
    }

    @Test func splitSinCosPositionsAreRefusedBesideRotaryOnes() throws {
        #expect(try validate("model:\n  sincos_layout: split\n").isEmpty)
        let both = try validate("model:\n  sincos_layout: split\n  axes_dim: [4, 6, 6]\n")
        #expect(both.count == 1)
        #expect(both[0].contains("model.sincos_layout: split lays out the sin-cos positions, which rotary positions (axes_dim) replace"))
        let unknown = try validate("model:\n  sincos_layout: diagonal\n")
        #expect(unknown.count == 1 && unknown[0].contains("sincos_layout"))
    }

    @Test func bucketTableShape() throws {
        let messages = try validate("bucket_config:\n  _delete_: true\n  32px:\n    1: !!python/tuple [1.5, 4]\n    x: 0.5\n")
        #expect(messages.count == 2)
        #expect(messages[0].contains("stage.yaml:5:8: error: bucket_config.32px.1: expected p, (p_hw, p_t) or (p, batch_size)"))
        #expect(messages[1].contains("frame counts are integers ≥ 1, found the key 'x'"))
        // Every accepted form.
        #expect(try validate("bucket_config:\n  _delete_: true\n  32px:\n    1: 0.5\n    5: !!python/tuple [1.0, 0.5]\n    9: !!python/tuple [!!python/tuple [1.0, 0.5], 2]\n    17: !!python/tuple [0.0, null]\n").isEmpty)
    }

    @Test func registryListingsAndUnknownCategory() throws {
        let text = RegistryRendering.text(try RegistryRendering.select(.standard, category: "optimizer", type: "HybridAdam"))
        #expect(text.hasPrefix("optimizer adamw (aliases: HybridAdam, AdamW)"))
        #expect(text.contains("type key: type or cls"))
        let json = try RegistryRendering.json(try RegistryRendering.select(.standard, category: "model", type: nil))
        let decoded = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]]
        let parameters = decoded?.first?["parameters"] as? [[String: Any]]
        #expect(parameters?.first { $0["name"] as? String == "hidden_size" }?["shapes_weights"] as? Bool == true)
        #expect(throws: ConfigError.self) { try RegistryRendering.select(.standard, category: "modle", type: nil) }
        for category in Category.allCases { #expect(!Registry.standard.names(in: category).isEmpty) }
    }
}
