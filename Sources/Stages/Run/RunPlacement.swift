import Foundation

/// Where this process stands in a data-parallel job (`mpirun -np N strata run …`): every rank
/// plans and trains, but only rank 0 writes run records (and, in the trainer, checkpoints,
/// metrics and final weights). A plain run is rank 0 of 1.
public struct RunPlacement: Sendable, Equatable {
    public var rank: Int
    public var worldSize: Int

    public init(rank: Int = 0, worldSize: Int = 1) {
        precondition(worldSize >= 1 && (0..<worldSize).contains(rank), "rank \(rank) of \(worldSize)")
        self.rank = rank
        self.worldSize = worldSize
    }

    public static let single = RunPlacement()

    /// The world size a launcher gave this process (`mpirun -np N`, `srun` with N tasks), from the
    /// variables launchers set; 1 for an ordinary run. The planner puts it in every fingerprint
    /// before MPI starts; the trainer then checks it against MPI's own count.
    public static func launchedWorldSize(environment: [String: String] = ProcessInfo.processInfo.environment) -> Int {
        for name in ["OMPI_COMM_WORLD_SIZE", "PMI_SIZE"] {
            if let size = environment[name].flatMap(Int.init), size >= 1 { return size }
        }
        if environment["SLURM_STEP_ID"] != nil, let size = environment["SLURM_NTASKS"].flatMap(Int.init), size >= 1 { return size }
        return 1
    }

    /// Rank 0: the one process that writes the run's files.
    public var writesFiles: Bool { rank == 0 }
}
