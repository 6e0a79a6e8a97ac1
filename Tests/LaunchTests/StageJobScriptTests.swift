import Foundation
import Stages
import Testing
@testable import Launch

@Suite struct StageJobScriptTests {
    func job(_ folder: String, overrides: [String]) throws -> StageJobScript {
        let experiment = try writeExperiment(in: folder)
        let resources = SlurmResources(nodes: 2, tasksPerNode: 4, partition: "gpu", time: "2-00:00:00", gpusPerNode: 4,
                                       jobName: "strata-t-stage1", extraArguments: ["--account=proj"], outputPattern: "logs/%x-%j.out")
        return StageJobScript(plan: try plan(experiment, "stage1", overrides), strataExecutable: "/opt/strata bin/strata",
                              experimentArgument: experiment, overrides: overrides, resources: resources, workingDirectory: folder + "/it's here")
    }

    @Test func headersThenStrictModeThenOneSrunLine() throws {
        let folder = try temporaryFolder()
        let overrides = ["stage1:optim.lr=1e-4", "--epochs", "3", "*:log_every=5"]
        let text = try job(folder, overrides: overrides).script.text
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.first == "#!/bin/bash")
        // sbatch reads #SBATCH lines only until the first command: all of them come before it.
        let firstCommand = try #require(lines.firstIndex { !$0.isEmpty && !$0.hasPrefix("#") })
        let sbatch = lines.indices.filter { lines[$0].hasPrefix("#SBATCH ") }
        #expect(sbatch.count == 8)
        #expect(sbatch.allSatisfy { $0 < firstCommand })
        #expect(lines[firstCommand] == "set -euo pipefail")
        #expect(lines.contains("#SBATCH --nodes=2") && lines.contains("#SBATCH --ntasks-per-node=4") && lines.contains("#SBATCH --account=proj"))
        // The working directory and the run line read back to the exact words.
        let cd = try #require(lines.first { $0.hasPrefix("cd ") })
        #expect(try shellWords(String(cd.dropFirst(3))) == [folder + "/it's here"])
        let srunLines = lines.filter { $0.hasPrefix("srun ") }
        #expect(srunLines.count == 1)
        let words = try shellWords(String(srunLines[0].dropFirst(5)))
        #expect(words == ["/opt/strata bin/strata", "run", "stage1", "-e", folder + "/t.yaml"] + overrides)
        #expect(try shell("bash -n <<'EOF_SCRIPT'\n\(text)EOF_SCRIPT").status == 0)
    }

    @Test func headerCommentShowsThePlan() throws {
        let folder = try temporaryFolder()
        let script = try job(folder, overrides: []).script
        let comments = script.description.joined(separator: "\n")
        #expect(comments.contains("runs stage stage1 of experiment t"))
        #expect(comments.contains("2 node(s) × 4 task(s) = 8 rank(s)"))
        #expect(comments.contains("image   missing  run in \(folder)/outputs/t/image-"))
        #expect(comments.contains("to run: image, stage1"))
    }
}
