import CLISupport
import ConfigLang
import Foundation
import Stages

/// Trains a stage of Open-Sora's own types with Open-Sora's trainer: writes the resolved config
/// into the run directory, runs torchrun on `scripts/diffusion/train.py` in the foreground, and
/// names the last checkpoint folder it wrote as the stage's final weights (Open-Sora's
/// `load_checkpoint` takes a checkpoint folder as `--model.from_pretrained`).
public struct OpenSoraTrainer: StageTrainer {
    public var backend: OpenSoraBackend

    public init(backend: OpenSoraBackend) {
        self.backend = backend
    }

    public func train(_ job: StageJob, reporter: any StageReporter) throws -> StageResult {
        let configPath = OpenSoraBackend.configPath(runDirectory: job.runDirectory)
        let words = backend.words(configPath: configPath, initWeights: job.initWeights, resume: job.resume, runDirectory: job.runDirectory)
        let missing = backend.missing()
        guard missing.isEmpty, let launcher = LaunchFiles.onPath(words[0]) else {
            throw StageRunFailure(stage: job.stage, runDirectory: job.runDirectory,
                                  message: "cannot start Open-Sora's trainer: missing \(missing.joined(separator: "; ")); the command would be: \(ShellQuoting.line(words))")
        }
        let root = OpenSoraStageConfig.root(of: job.config, runDirectory: job.runDirectory)
        let text = try OpenSoraStageConfig.text(root, stage: job.stage, experiment: job.experiment, fingerprint: job.fingerprint,
                                                configFile: job.configFile, command: words)
        try LaunchFiles.write(text, to: configPath)
        reporter.message("\(job.stage): Open-Sora's trainer: \(ShellQuoting.line(words))")
        let status = try run(launcher, Array(words.dropFirst()), stage: job.stage, runDirectory: job.runDirectory)
        guard status == 0 else {
            throw StageRunFailure(stage: job.stage, runDirectory: job.runDirectory,
                                  message: "Open-Sora's trainer exited with status \(status) (its log is in \(job.runDirectory)/log.txt; the command: \(ShellQuoting.line(words)))")
        }
        guard let last = OpenSoraBackend.checkpoints(in: job.runDirectory).last else {
            throw StageRunFailure(stage: job.stage, runDirectory: job.runDirectory,
                                  message: "Open-Sora's trainer finished without writing a checkpoint folder (epoch*-global_step*/ with running_states.json); it saves every ckpt_every steps, so the next stage has nothing to start from")
        }
        return StageResult(finalWeights: last.folderName)
    }

    /// Runs the trainer with this process's standard streams; Ctrl-C reaches it as it reaches us.
    private func run(_ executable: String, _ arguments: [String], stage: String, runDirectory: String) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        do {
            try process.run()
        } catch {
            throw StageRunFailure(stage: stage, runDirectory: runDirectory, message: "cannot run \(executable): \(error.localizedDescription)")
        }
        process.waitUntilExit()
        return process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
    }
}
