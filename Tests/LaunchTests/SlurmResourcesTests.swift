import CLISupport
import Testing
@testable import Launch

@Suite struct SlurmResourcesTests {
    func resources(nodes: Int = 2, tasks: Int = 4, time: String? = nil, partition: String? = nil, gpus: Int? = nil,
                   cpus: Int? = nil, extra: [String] = []) -> SlurmResources {
        SlurmResources(nodes: nodes, tasksPerNode: tasks, partition: partition, time: time, gpusPerNode: gpus,
                       cpusPerTask: cpus, jobName: "job", extraArguments: extra)
    }

    func usageError(_ r: SlurmResources) -> CommandFailure? {
        do { try r.validate(); return nil } catch let failure as CommandFailure { return failure } catch { return nil }
    }

    @Test func badValuesAreUsageErrorsNamingTheOption() {
        let cases: [(SlurmResources, String)] = [
            (resources(nodes: 0), "--nodes"), (resources(tasks: -1), "--tasks-per-node"), (resources(gpus: -2), "--gpus-per-node"),
            (resources(cpus: 0), "--cpus-per-task"), (resources(time: "2 days"), "--time"), (resources(time: "1:2:3:4"), "--time"),
            (resources(partition: "gpu a100"), "--partition"), (resources(extra: ["account=x"]), "--sbatch-arg"),
            (resources(extra: ["--a=1\nrm -rf x"]), "--sbatch-arg"),
        ]
        for (r, option) in cases {
            let failure = usageError(r)
            #expect(failure?.exitCode == 2, "\(option)")
            #expect(failure?.message.hasPrefix(option) == true || failure?.message.contains(option) == true, "\(failure?.message ?? "no error") for \(option)")
        }
    }

    @Test func slurmTimeFormats() {
        for good in ["30", "30:00", "12:00:00", "2-00", "2-12:30", "2-12:30:00", "UNLIMITED", "infinite"] {
            #expect(SlurmResources.isSlurmTime(good), "\(good)")
        }
        for bad in ["", "1h", "1:2:3:4", "-1", "2-", "a-1", "1:", "1.5"] {
            #expect(!SlurmResources.isSlurmTime(bad), "\(bad)")
        }
    }

    @Test func headerLinesInOrder() {
        let r = SlurmResources(nodes: 2, tasksPerNode: 4, partition: "gpu", time: "1:00:00", gpusPerNode: 4, cpusPerTask: 8,
                               jobName: "j", extraArguments: ["--account=p", "--exclusive"], outputPattern: "logs/%x-%j.out")
        #expect(r.headerLines() == [
            "#SBATCH --job-name=j", "#SBATCH --nodes=2", "#SBATCH --ntasks-per-node=4", "#SBATCH --cpus-per-task=8",
            "#SBATCH --gpus-per-node=4", "#SBATCH --partition=gpu", "#SBATCH --time=1:00:00", "#SBATCH --output=logs/%x-%j.out",
            "#SBATCH --account=p", "#SBATCH --exclusive",
        ])
        #expect(r.totalTasks == 8)
    }
}
