import ConfigLang
import Foundation

/// A stage's trainer failed; its run record says `failed` with the message.
public struct StageRunFailure: Error, Sendable, CustomStringConvertible {
    public var stage: String
    public var runDirectory: String
    public var message: String
    public var description: String { "stage \(stage) failed (run directory \(runDirectory)): \(message)" }

    public init(stage: String, runDirectory: String, message: String) {
        self.stage = stage
        self.runDirectory = runDirectory
        self.message = message
    }
}

/// What happened to one stage of a plan.
public struct StageOutcome: Sendable {
    public var stage: String
    public var reused: Bool
    public var record: RunRecord
}

/// Carries out a plan: reuses done stages, runs the others in chain order with the trainer, each
/// from its upstream's final weights, and keeps `run.yaml` current (running → completed or failed).
public struct StageExecutor: Sendable {
    public var trainer: any StageTrainer
    public var reporter: any StageReporter
    public var git: GitState
    /// The override arguments as the user wrote them, for the run records.
    public var overrideTexts: [String: [String]]
    public var now: @Sendable () -> Date
    /// How the plan's target stage starts when it must run (`--load`); nil: fresh or continuing.
    public var targetResume: ResumeRequest?
    /// This process's rank in a data-parallel job: only rank 0 writes run records.
    public var placement: RunPlacement

    public init(trainer: any StageTrainer, reporter: any StageReporter = SilentReporter(), git: GitState = .current(),
                now: @escaping @Sendable () -> Date = { Date() }) {
        self.trainer = trainer
        self.reporter = reporter
        self.git = git
        self.overrideTexts = [:]
        self.now = now
        self.targetResume = nil
        self.placement = .single
    }

    /// Throws `SchemaErrors` before running anything when a stage that must run cannot (its
    /// dataset table is missing), and `StageRunFailure` when a trainer fails.
    public func execute(_ plan: Plan) throws -> [StageOutcome] {
        let blockers = plan.toRun.flatMap(\.blockers)
        if !blockers.isEmpty { throw SchemaErrors(blockers) }
        if let planned = plan.toRun.first, planned.inputs.worldSize != placement.worldSize {
            throw StageRunFailure(stage: planned.name, runDirectory: planned.runDirectory,
                                  message: "the plan was made for \(planned.inputs.worldSize) rank(s) (from the launcher's variables), but this job has \(placement.worldSize)")
        }
        var outcomes: [StageOutcome] = []
        if targetResume != nil, let target = plan.stages.last(where: { $0.name == plan.target }), case .done(let record) = target.status {
            throw StageRunFailure(stage: target.name, runDirectory: record.directory,
                                  message: "--load resumes a stage that has not finished, but \(target.name) is done with this fingerprint; change a value (or delete the run directory) to train it again")
        }
        for planned in plan.stages {
            if case .done(let record) = planned.status {
                // Said by the plan above and by the closing line of each stage; not a third time.
                outcomes.append(StageOutcome(stage: planned.name, reused: true, record: record))
                continue
            }
            let initWeights: String?
            switch planned.start {
            case .seed: initWeights = nil
            case .pretrained(let path): initWeights = path
            case .upstream(let stage, let path):
                initWeights = path ?? outcomes.last(where: { $0.stage == stage })?.record.finalWeightsPath
            }
            outcomes.append(StageOutcome(stage: planned.name, reused: false,
                                         record: try run(planned, experiment: plan.experiment.name, initWeights: initWeights, targetName: plan.target)))
        }
        return outcomes
    }

    private func run(_ planned: PlannedStage, experiment: String, initWeights: String?, targetName: String) throws -> RunRecord {
        let directory = planned.runDirectory
        var resume: ResumeRequest = RunRecord.isRunRecord(directory) ? .continueInRunDirectory : .fresh
        if let requested = targetResume, planned.name == targetName { resume = requested }
        var seed: Int64 = 0
        if case .int(let value)? = planned.stage.value("seed")?.value { seed = value }
        var record = RunRecord(
            experiment: experiment, stage: planned.name, initFrom: planned.stage.initFrom, configFile: planned.stage.configFile,
            status: .running, fingerprint: planned.fingerprint, upstreamFingerprint: planned.inputs.upstream,
            dataSHA256: planned.inputs.dataSHA256, strataVersion: planned.inputs.strataVersion, git: git, seed: seed,
            started: RunRecord.timestamp(now()), ended: nil, initWeights: initWeights, finalWeights: nil,
            resumed: resume != .fresh, error: nil,
            overrides: planned.stage.overrides.map { $0.origin.description }, config: planned.stage.config, directory: directory)
        // One process trains in a run directory at a time (rank 0 of a data-parallel job for all).
        var lock: RunLock? = nil
        if placement.writesFiles {
            do {
                lock = try RunLock.acquire(in: directory)
            } catch let held as RunLock.Held {
                throw StageRunFailure(stage: planned.name, runDirectory: directory,
                                      message: "another strata (pid \(held.pid.map(String.init) ?? "?")) is training this stage in the same directory; wait for it to end, or stop it, and run again")
            } catch {
                throw StageRunFailure(stage: planned.name, runDirectory: directory, message: "cannot lock the run directory: \(error.localizedDescription)")
            }
        }
        defer { withExtendedLifetime(lock) {} }
        record.worldSize = placement.worldSize
        record.fileSHA256 = Dictionary(planned.inputs.files.map { ($0.label, $0.sha256) }, uniquingKeysWith: { first, _ in first })
        do {
            try write(record)
        } catch {
            throw StageRunFailure(stage: planned.name, runDirectory: directory, message: "cannot write the run record: \(error.localizedDescription)")
        }
        reporter.message("\(planned.name): running in \(directory)" + (resume == .fresh ? "" : " (continuing)"))
        InterruptRecorder.begin(record, writes: placement.writesFiles,
                                hint: "the same `strata run` continues it from its latest checkpoint")
        defer { InterruptRecorder.end() }
        let job = StageJob(experiment: experiment, stage: planned.name, config: planned.stage.config, runDirectory: directory,
                           initWeights: initWeights, seed: seed, resume: resume, fingerprint: planned.fingerprint,
                           configFile: planned.stage.configFile)
        do {
            let result = try trainer.train(job, reporter: reporter)
            record.finalWeights = result.finalWeights
            guard let path = record.finalWeightsPath, FileManager.default.fileExists(atPath: path) else {
                throw StageRunFailure(stage: planned.name, runDirectory: directory,
                                      message: "the trainer named '\(result.finalWeights)' as the final weights, but it does not exist")
            }
            record.status = .completed
            record.ended = RunRecord.timestamp(now())
            try write(record)
            return record
        } catch {
            record.status = .failed
            record.ended = RunRecord.timestamp(now())
            record.error = (error as? StageRunFailure)?.message ?? String(describing: error)
            // Any rank records its own failure: in a data-parallel job the failing rank then ends
            // every rank (rank 0 included), so it is the only one left to say why.
            try? record.write()
            if let failure = error as? StageRunFailure { throw failure }
            // A config the trainer rejects is the user's mistake: it keeps its source location
            // (rendered with the source line) and exit status 2.
            if let configError = error as? ConfigError { throw configError }
            throw StageRunFailure(stage: planned.name, runDirectory: directory, message: String(describing: error))
        }
    }

    private func write(_ record: RunRecord) throws {
        if placement.writesFiles { try record.write() }
    }
}
