import ConfigLang
import Stages
import Tensor

/// Builds the trainer's parts from the stage settings, checking the facts the schema cannot see
/// (the model's input channels against the autoencoder, the text width against the encoder).
enum ModelFactory {
    static func ditConfiguration(_ settings: TrainingSettings, config: ConfigNode) throws -> DiTConfiguration {
        let model = settings.model
        guard let conditioning = TextConditioning(rawValue: model.textConditioning) else {
            throw error(config, "model.text_conditioning", "unknown text conditioning '\(model.textConditioning)'")
        }
        let latentChannels = 3 * settings.spaceToDepth * settings.spaceToDepth
        if settings.aeType == "identity", model.inChannels != latentChannels {
            throw error(config, "model.in_channels",
                        "model.in_channels is \(model.inChannels) but the identity autoencoder with space_to_depth \(settings.spaceToDepth) makes \(latentChannels) latent channels (3·s²)")
        }
        let dit = DiTConfiguration(
            inChannels: model.inChannels,
            patchSize: PatchSize(t: model.patchSize[0], h: model.patchSize[1], w: model.patchSize[2]),
            hiddenSize: model.hiddenSize, depth: model.depth, numHeads: model.numHeads, mlpRatio: model.mlpRatio,
            textConditioning: conditioning, textDim: settings.textDim, condEmbed: model.condEmbed,
            axesDim: model.axesDim, theta: model.theta, pooledText: model.pooledText,
            sinCosLayout: model.sinCosLayout)
        if let problem = dit.problems().first {
            throw error(config, "model.\(problem.key)", problem.message)
        }
        return dit
    }

    static func optimizer(_ settings: TrainingSettings, names: [String], shapes: [[Int]]) -> any Optimizer {
        let options = settings.optimizer
        if options.type == "sgd" {
            return SGD(names: names, shapes: shapes, settings: SGD.Settings(
                momentum: options.momentum, nesterov: options.nesterov, weightDecay: options.weightDecay))
        }
        let betas = options.betas.count == 2 ? options.betas : [0.9, 0.999]
        return AdamW(names: names, shapes: shapes, settings: AdamW.Settings(
            beta1: betas[0], beta2: betas[1], eps: options.eps, weightDecay: options.weightDecay, adamwMode: options.adamwMode))
    }

    static func schedule(_ settings: TrainingSettings, totalSteps: Int) -> LearningRateSchedule {
        let decay: LearningRateSchedule.Decay = settings.scheduler == "cosine"
            ? .cosine(totalSteps: totalSteps, floor: settings.schedulerFloor) : .constant
        return LearningRateSchedule(baseLR: settings.optimizer.lr, warmupSteps: settings.warmupSteps, decay: decay)
    }

    static func conditionTable(_ settings: TrainingSettings, config: ConfigNode) throws -> ConditionTable? {
        guard !settings.conditionWeights.isEmpty else { return nil }
        var entries: [(mode: ConditionMode, weight: Double)] = []
        for (name, weight) in settings.conditionWeights {
            guard let mode = ConditionMode(rawValue: name) else {
                let known = ConditionMode.allCases.map(\.rawValue).joined(separator: ", ")
                throw error(config, "condition_config.\(name)", "unknown condition mode '\(name)'; this engine implements \(known)")
            }
            entries.append((mode, weight))
        }
        let table = ConditionTable(entries)
        if let problem = table.problem { throw error(config, "condition_config", problem) }
        return table
    }

    /// The masking of `patch_mask_ratio` and `frame_mask_ratio` (the stage schema has checked
    /// both against `prediction`), or nil when both are 0.
    static func patchMasking(_ settings: TrainingSettings) -> PatchMasking? {
        guard settings.patchMaskRatio > 0 || settings.frameMaskRatio > 0 else { return nil }
        let patch = settings.model.patchSize
        return PatchMasking(ratio: settings.patchMaskRatio, frameRatio: settings.frameMaskRatio, patch: (patch[0], patch[1], patch[2]))
    }

    /// The error at the value's origin (file:line:col, experiment overlay or argument), the same
    /// way the schema validator reports.
    static func error(_ config: ConfigNode, _ path: String, _ message: String) -> ConfigError {
        guard let node = try? config.descendant(at: path) else { return ConfigError(.schema, message) }
        return SchemaValidator.error(message, at: node)
    }
}
