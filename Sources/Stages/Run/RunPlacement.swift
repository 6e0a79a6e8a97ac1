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

    /// Rank 0: the one process that writes the run's files.
    public var writesFiles: Bool { rank == 0 }
}
