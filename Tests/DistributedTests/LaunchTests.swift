import Distributed
import Testing

/// Which environments count as "launched by an MPI launcher" (only those initialise MPI).
struct LaunchTests {
    @Test func detectsTheLaunchers() {
        #expect(Launch.detect(environment: [:]) == .single)
        #expect(Launch.detect(environment: ["OMPI_COMM_WORLD_SIZE": "2"]) == .launched(launcher: "OMPI_COMM_WORLD_SIZE"))
        #expect(Launch.detect(environment: ["PMIX_RANK": "0"]) == .launched(launcher: "PMIX_RANK"))
        #expect(Launch.detect(environment: ["PMI_SIZE": "4"]) == .launched(launcher: "PMI_SIZE"))
        // A Slurm batch script (no srun step) is not a launched rank.
        #expect(Launch.detect(environment: ["SLURM_NTASKS": "4"]) == .single)
        #expect(Launch.detect(environment: ["SLURM_NTASKS": "4", "SLURM_STEP_ID": "0"]) == .launched(launcher: "SLURM_NTASKS"))
    }

    @Test func aSingleProcessGroupIsTheIdentity() throws {
        let group = try Launch.join(environment: [:])
        #expect(group.rank == 0 && group.worldSize == 1 && group.isSingle)
        var values: [Float] = [1, 2, 3]
        try group.allreduceSum(&values)
        #expect(values == [1, 2, 3])
        #expect(try group.broadcast(5) == 5)
        #expect(try group.mean([2.5]) == [2.5])
    }
}
