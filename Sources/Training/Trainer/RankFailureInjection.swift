import ConfigLang
import Foundation

/// `STRATA_FAIL_RANK_AT_STEP=R:S`, a documented debug switch: rank R throws while training
/// optimizer step S (1-based, so after step S−1's checkpoint). It exercises the real failure path
/// of a data-parallel job (the failing rank prints its error and aborts every rank), which the
/// tests check ends the job within seconds with the last checkpoint intact.
struct RankFailureInjection: Equatable {
    static let variable = "STRATA_FAIL_RANK_AT_STEP"
    let rank: Int
    let step: Int

    /// Nil when the variable is unset; a malformed value is a usage error (exit 2).
    static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws -> RankFailureInjection? {
        guard let text = environment[variable] else { return nil }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let rank = Int(parts[0]), let step = Int(parts[1]), rank >= 0, step >= 1 else {
            throw ConfigError(.invalidOverride, "environment variable \(variable)='\(text)': expected RANK:STEP (a rank ≥ 0 and an optimizer step ≥ 1), e.g. 1:3")
        }
        return RankFailureInjection(rank: rank, step: step)
    }

    /// Throws on the chosen rank when it is about to train the chosen optimizer step.
    func check(rank current: Int, nextUpdateStep: Int) throws {
        guard current == rank, nextUpdateStep == step else { return }
        throw TrainingError("rank \(rank) failed at optimizer step \(step) (\(Self.variable)=\(rank):\(step))")
    }
}
