import Foundation
import Testing
@testable import Launch

/// `launch slurm data-info`: the same sharded steps as data-check (one shared generator), with
/// `data info`'s own options and no report to join.
@Suite struct DataInfoJobScriptTests {
    func job(nodes: Int = 2, tasks: Int = 2, cpus: Int? = 3, strata: String = "/x/strata", folder: String = "/work dir",
             exact: Bool = true) -> DataInfoJobScript {
        let resources = SlurmResources(nodes: nodes, tasksPerNode: tasks, cpusPerTask: cpus, jobName: "info")
        return DataInfoJobScript(strataExecutable: strata, input: "raw videos.csv", output: "info.csv", exact: exact,
                                 removeEmptyCaption: true, resources: resources, workingDirectory: folder)
    }

    @Test func everyShardOnceThenTheMerge() throws {
        let script = job()
        let lines = script.script.text.split(separator: "\n").map(String.init)
        let infos = try lines.filter { $0.hasPrefix("srun ") }.map { try shellWords(String($0.dropLast(2))) }
        #expect(infos.count == 4)
        for (index, words) in zip(1..., infos) {
            #expect(words == ["srun", "--nodes=1", "--ntasks=1", "--exclusive", "--cpus-per-task=3", "/x/strata", "data", "info",
                              "raw videos.csv", "info.shard-\(index)-of-4.csv", "--shard", "\(index)/4", "--workers", "3",
                              "--exact", "--remove-empty-caption"])
            #expect(words.dropFirst(5).elementsEqual(script.infoWords(shard: index)))
        }
        let merge = try #require(lines.firstIndex { $0.hasPrefix("/x/strata data merge") })
        #expect(try shellWords(lines[merge]) == ["/x/strata", "data", "merge", "info.csv"] + (1...4).map { "info.shard-\($0)-of-4.csv" })
        #expect(lines.indices.filter { lines[$0].hasPrefix("srun ") }.allSatisfy { $0 < merge })
        #expect(!lines.contains { $0.contains("broken.jsonl") })
        #expect(try shell("bash -n <<'EOF_SCRIPT'\n\(script.script.text)EOF_SCRIPT").status == 0)

        let plain = job(cpus: nil, exact: false)
        #expect(plain.infoWords(shard: 2) == ["/x/strata", "data", "info", "raw videos.csv", "info.shard-2-of-4.csv", "--shard", "2/4",
                                              "--remove-empty-caption"])
    }

    /// The two data jobs differ only in the verb, their options and what follows the merge: the
    /// shard steps, the wait and the merge are the one generator's.
    @Test func dataCheckAndDataInfoShareTheirSteps() throws {
        let resources = SlurmResources(nodes: 1, tasksPerNode: 3, cpusPerTask: nil, jobName: "j")
        let info = DataInfoJobScript(strataExecutable: "strata", input: "t.csv", output: "o.csv", resources: resources, workingDirectory: "/w")
        let check = DataCheckJobScript(strataExecutable: "strata", input: "t.csv", output: "o.csv", resources: resources, workingDirectory: "/w")
        func normalized(_ body: [String], _ verb: String) -> [String] {
            body.map { $0.replacingOccurrences(of: "data \(verb)", with: "data VERB") }
        }
        let infoBody = normalized(info.script.body, "info"), checkBody = normalized(check.script.body, "check")
        #expect(Array(checkBody.prefix(infoBody.count)) == infoBody)
        #expect(checkBody.count > infoBody.count)  // then the reports are joined
    }

    /// Runs the script with stand-ins for srun (runs its command) and strata (logs its arguments and
    /// writes each shard's table): every shard, then one merge; a failing shard stops the job
    /// before the merge with exit 1.
    @Test func scriptRunsShardsThenMerges() throws {
        let folder = try temporaryFolder()
        let bin = folder + "/bin"
        try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
        try "#!/bin/bash\nwhile [[ $1 == --* ]]; do shift; done\nexec \"$@\"\n".write(toFile: bin + "/srun", atomically: true, encoding: .utf8)
        let fake = """
            #!/bin/bash
            echo "$*" >> calls.log
            if [[ $2 == info ]]; then
                [[ $4 == info.shard-3-of-4.csv && -e fail-shard-3 ]] && exit 1
                echo rows > "$4"
            fi
            """
        try fake.write(toFile: bin + "/strata", atomically: true, encoding: .utf8)
        for tool in ["srun", "strata"] { try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: bin + "/" + tool) }
        let script = job(nodes: 2, tasks: 2, cpus: nil, strata: bin + "/strata", folder: folder)
        try script.script.text.write(toFile: folder + "/job.sbatch", atomically: true, encoding: .utf8)
        var environment = ProcessInfo.processInfo.environment
        environment["PATH"] = bin + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        #expect(try shell("bash \(ShellQuoting.word(folder + "/job.sbatch"))", environment: environment).status == 0)
        let calls = try String(contentsOfFile: folder + "/calls.log", encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(calls.count == 5)
        #expect(Set(calls.prefix(4).map { $0.components(separatedBy: "--shard ")[1].split(separator: " ")[0] }) == Set(["1/4", "2/4", "3/4", "4/4"].map { Substring($0) }))
        #expect(calls.last == "data merge info.csv " + (1...4).map { "info.shard-\($0)-of-4.csv" }.joined(separator: " "))

        try "".write(toFile: folder + "/fail-shard-3", atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(atPath: folder + "/calls.log")
        let failed = try shell("bash \(ShellQuoting.word(folder + "/job.sbatch")) 2>&1", environment: environment)
        #expect(failed.status == 1 && failed.output.contains("a data info shard failed"))
        #expect(try !String(contentsOfFile: folder + "/calls.log", encoding: .utf8).contains("data merge"))
    }

    /// The commands name their script and job after the output and the table, the same way.
    @Test func commandsWriteTheirScriptsBesideTheOutput() throws {
        let folder = try temporaryFolder()
        let info = try SlurmDataInfoCommand.parse(["my videos.csv", folder + "/meta.csv", "--nodes", "1", "--tasks-per-node", "2", "--exact"])
        try info.run()
        let infoScript = try String(contentsOfFile: folder + "/meta.info.sbatch", encoding: .utf8)
        #expect(infoScript.contains("#SBATCH --job-name=strata-info-myvideos"))
        #expect(infoScript.contains("--shard 2/2") && infoScript.contains("--exact"))
        let check = try SlurmDataCheckCommand.parse(["my videos.csv", folder + "/clean.csv", "--nodes", "1", "--tasks-per-node", "2"])
        try check.run()
        let checkScript = try String(contentsOfFile: folder + "/clean.check.sbatch", encoding: .utf8)
        #expect(checkScript.contains("#SBATCH --job-name=strata-check-myvideos"))
        #expect(throws: (any Error).self) {
            try SlurmDataInfoCommand.parse(["t.csv", folder + "/x.csv", "--nodes", "1", "--tasks-per-node", "1", "--workers", "0"]).run()
        }
    }
}
