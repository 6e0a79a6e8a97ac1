import Foundation
import ProcessFixtures

/// Runs the built `strata-train` as a job: alone, or under `mpirun --oversubscribe -np N` (with
/// `--allow-run-as-root` when root, as on CI containers), with a watchdog that kills a job that
/// hangs, so a deadlock fails the test instead of stalling the suite.
enum MPIJob {
    typealias Outcome = ProcessOutcome

    /// `mpirun` on PATH, or nil (the MPI tests are then skipped with that message).
    static let mpirun: String? = ChildProcess.onPath("mpirun")

    static let trainer = ChildProcess.builtProduct("strata-train")

    /// `strata-train ARGUMENTS` on `ranks` ranks (1: a plain process, no MPI), in `folder`.
    static func run(ranks: Int, _ arguments: [String], in folder: String, environment extra: [String: String] = [:],
                    watchdog: TimeInterval = 300) throws -> Outcome {
        let launcher = ranks == 1 ? [] : [mpirun ?? "mpirun", "--oversubscribe", "-np", "\(ranks)"]
            + (getuid() == 0 ? ["--allow-run-as-root"] : [])
        let command = launcher + [trainer] + arguments
        let environment = ["STRATA_THREADS": "1", "NO_COLOR": "1"].merging(extra) { _, new in new }
        return try ChildProcess.run(command[0], Array(command.dropFirst()), in: folder, environment: environment, watchdog: watchdog)
    }
}
