import ConfigLang

/// What trains one stage. strata's executor plans, reuses, writes run records and hands each
/// stage that must run to a trainer; the trainer writes whatever it wants inside the run
/// directory and names the final weights the next stage starts from.
public protocol StageTrainer: Sendable {
    func train(_ job: StageJob, reporter: any StageReporter) throws -> StageResult
}

/// One stage to train.
public struct StageJob: Sendable {
    public var experiment: String
    public var stage: String
    /// The resolved, validated config (defaults filled in), every value with its provenance.
    public var config: ConfigNode
    /// Exists when the job starts; holds run.yaml, which the trainer must not write.
    public var runDirectory: String
    /// The weights to start from: the upstream stage's final weights (a file or a checkpoint
    /// folder) or `model.from_pretrained`; nil for a root stage, which starts from its seed.
    public var initWeights: String?
    public var seed: Int64
    public var resume: ResumeRequest
    public var fingerprint: String
    /// The stage's config file, for what the trainer writes.
    public var configFile: String

    public init(experiment: String, stage: String, config: ConfigNode, runDirectory: String, initWeights: String?,
                seed: Int64, resume: ResumeRequest, fingerprint: String, configFile: String = "") {
        self.configFile = configFile
        self.experiment = experiment
        self.stage = stage
        self.config = config
        self.runDirectory = runDirectory
        self.initWeights = initWeights
        self.seed = seed
        self.resume = resume
        self.fingerprint = fingerprint
    }
}

public enum ResumeRequest: Sendable, Equatable {
    /// Start from `initWeights`; the run directory holds nothing but run.yaml.
    case fresh
    /// An earlier run with the same fingerprint stopped in this run directory (failed or killed):
    /// continue from its latest checkpoint there, or start fresh if it wrote none.
    case continueInRunDirectory
    /// `--load DIR`: restore the full training state of a checkpoint folder (model, optimizer,
    /// EMA, sampler, position), optionally at another position (`--start-epoch`, `--start-step`,
    /// as Open-Sora: a given start step replaces the sampler's saved position).
    case load(checkpoint: String, startEpoch: Int?, startStep: Int?)
}

/// Trains each stage with the trainer of its engine (the engine of its model's type): strata's CPU
/// engine, or Open-Sora's trainer.
public struct EngineTrainer: StageTrainer {
    public var trainers: [Engine: any StageTrainer]
    public var registry: Registry

    public init(_ trainers: [Engine: any StageTrainer], registry: Registry = .standard) {
        self.trainers = trainers
        self.registry = registry
    }

    public func train(_ job: StageJob, reporter: any StageReporter) throws -> StageResult {
        let engine = registry.engine(of: job.config)
        guard let trainer = trainers[engine] else {
            throw StageRunFailure(stage: job.stage, runDirectory: job.runDirectory, message: "no trainer for \(engine.title) here")
        }
        return try trainer.train(job, reporter: reporter)
    }
}

/// What a finished stage produced.
public struct StageResult: Sendable {
    /// The final weights, relative to the run directory unless absolute: a file
    /// (`final/model.safetensors`) or a checkpoint folder. The child stage starts from it.
    public var finalWeights: String

    public init(finalWeights: String) {
        self.finalWeights = finalWeights
    }
}

/// Where a trainer reports what it is doing (progress bars on a terminal, plain lines otherwise).
public protocol StageReporter: Sendable {
    func message(_ text: String)
    /// At logging steps: `total` is nil when unknown; `metrics` are the latest values (loss, lr, …).
    func progress(stage: String, step: Int, total: Int?, metrics: [String: Double])
    /// After every optimizer step (`step` counts from 1 up to `total`), for a live progress bar.
    func advance(stage: String, step: Int, total: Int)
    /// A warning about the stage's run; `epoch` (of `epochs`) when it holds for one epoch, so
    /// that a printing reporter says it once and counts the epochs it held in.
    func warning(stage: String, _ text: String, epoch: Int?, epochs: Int?)
    /// News only `-v` asks for (each checkpoint saved): a printing reporter says it when verbose.
    func detail(_ text: String)
}

extension StageReporter {
    public func advance(stage: String, step: Int, total: Int) {}
    public func detail(_ text: String) { message(text) }
    public func warning(stage: String, _ text: String, epoch: Int?, epochs: Int?) {
        message("\(stage): warning: \(text)" + (epoch.map { " (epoch \($0))" } ?? ""))
    }
}

/// Reports nothing (tests, scripts).
public struct SilentReporter: StageReporter {
    public init() {}
    public func message(_ text: String) {}
    public func progress(stage: String, step: Int, total: Int?, metrics: [String: Double]) {}
}
