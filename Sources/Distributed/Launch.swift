import Foundation

/// How this process was started: alone, or as one rank of a job that a launcher (Open MPI's
/// `mpirun`, Slurm's `srun`, any PMI/PMIx launcher) started. Only the latter initialises MPI, so
/// an ordinary run pays nothing for it.
public enum Launch: Equatable, Sendable {
    case single
    /// Launched by `launcher` (the environment variable that says so).
    case launched(launcher: String)

    /// Variables a launcher sets in every rank's environment (checked in this order). Slurm's
    /// `SLURM_NTASKS` alone is also set in a batch script that was not started by `srun`; with
    /// `SLURM_STEP_ID` it means a task of an `srun` step.
    public static let markers = ["OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_SIZE"]

    public static func detect(environment: [String: String]) -> Launch {
        if let marker = markers.first(where: { environment[$0] != nil }) { return .launched(launcher: marker) }
        if environment["SLURM_NTASKS"] != nil, environment["SLURM_STEP_ID"] != nil {
            return .launched(launcher: "SLURM_NTASKS")
        }
        return .single
    }

    /// The process group of this process: MPI_COMM_WORLD when launched, else a single process.
    public static func join(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> any ProcessGroup {
        switch detect(environment: environment) {
        case .single: return SingleProcess()
        case .launched: return try MPIProcessGroup()
        }
    }
}
