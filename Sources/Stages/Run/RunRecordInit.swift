import ConfigLang

extension RunRecord {
    /// A record built outside the executor (tests and benches that make run directories).
    public static func made(experiment: String, stage: String, initFrom: String?, configFile: String, status: Status,
                            fingerprint: String, upstreamFingerprint: String?, dataSHA256: String?, strataVersion: String,
                            git: GitState, seed: Int64, started: String, ended: String?, initWeights: String?,
                            finalWeights: String?, resumed: Bool, worldSize: Int = 1, error: String?, overrides: [String],
                            config: ConfigNode, directory: String) -> RunRecord {
        RunRecord(experiment: experiment, stage: stage, initFrom: initFrom, configFile: configFile, status: status,
                  fingerprint: fingerprint, upstreamFingerprint: upstreamFingerprint, dataSHA256: dataSHA256,
                  strataVersion: strataVersion, git: git, seed: seed, started: started, ended: ended,
                  initWeights: initWeights, finalWeights: finalWeights, resumed: resumed, worldSize: worldSize,
                  error: error, overrides: overrides, config: config, directory: directory)
    }
}
