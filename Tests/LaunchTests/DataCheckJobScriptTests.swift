import Foundation
import Testing
@testable import Launch

@Suite struct DataCheckJobScriptTests {
    func job(nodes: Int = 2, tasks: Int = 3, cpus: Int? = 4, strata: String = "/x/strata", folder: String = "/work dir") -> DataCheckJobScript {
        let resources = SlurmResources(nodes: nodes, tasksPerNode: tasks, cpusPerTask: cpus, jobName: "check")
        return DataCheckJobScript(strataExecutable: strata, input: "my info.csv", output: "clean.csv", timeLimit: 30,
                                  resources: resources, workingDirectory: folder)
    }

    @Test func everyShardOnceThenTheMerge() throws {
        let script = job()
        let lines = script.script.text.split(separator: "\n").map(String.init)
        let checks = try lines.filter { $0.hasPrefix("srun ") }.map { try shellWords(String($0.dropLast(2))) }
        #expect(checks.count == 6)
        // --shard I/N as `data check` counts: I from 1 to N, each exactly once.
        let shards = checks.compactMap { words in words.firstIndex(of: "--shard").map { words[$0 + 1] } }
        #expect(shards == (1...6).map { "\($0)/6" })
        for (index, words) in zip(1..., checks) {
            #expect(words == ["srun", "--nodes=1", "--ntasks=1", "--exclusive", "--cpus-per-task=4", "/x/strata", "data", "check",
                              "my info.csv", "clean.shard-\(index)-of-6.csv", "--shard", "\(index)/6", "--workers", "4", "--time-limit", "30.0"])
        }
        let merge = try #require(lines.firstIndex { $0.hasPrefix("/x/strata data merge") })
        #expect(try shellWords(lines[merge]) == ["/x/strata", "data", "merge", "clean.csv"] + (1...6).map { "clean.shard-\($0)-of-6.csv" })
        #expect(lines.indices.filter { lines[$0].hasPrefix("srun ") }.allSatisfy { $0 < merge })
        #expect(lines.contains { $0.hasPrefix("for pid in") } )
        #expect(try shell("bash -n <<'EOF_SCRIPT'\n\(script.script.text)EOF_SCRIPT").status == 0)
    }

    /// Runs the script with stand-ins for srun (runs its command) and strata (logs its arguments
    /// and writes the files a shard and the merge would): shards first, then one merge, then the
    /// joined report; a failing shard stops the job before the merge with exit 1.
    @Test func scriptRunsShardsThenMerges() throws {
        let folder = try temporaryFolder()
        let bin = folder + "/bin"
        try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
        try "#!/bin/bash\nwhile [[ $1 == --* ]]; do shift; done\nexec \"$@\"\n".write(toFile: bin + "/srun", atomically: true, encoding: .utf8)
        let fake = """
            #!/bin/bash
            echo "$*" >> calls.log
            if [[ $2 == check ]]; then
                [[ $4 == clean.shard-2-of-4.csv && -e fail-shard-2 ]] && exit 3
                echo rows > "$4"; echo "{\\"shard\\": \\"$6\\"}" > "${4%.csv}.broken.jsonl"
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
        #expect(calls.last == "data merge clean.csv " + (1...4).map { "clean.shard-\($0)-of-4.csv" }.joined(separator: " "))
        let report = try String(contentsOfFile: folder + "/clean.broken.jsonl", encoding: .utf8)
        #expect(report == (1...4).map { "{\"shard\": \"\($0)/4\"}\n" }.joined())

        try "".write(toFile: folder + "/fail-shard-2", atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(atPath: folder + "/calls.log")
        #expect(try shell("bash \(ShellQuoting.word(folder + "/job.sbatch")) 2>/dev/null", environment: environment).status == 1)
        let failedCalls = try String(contentsOfFile: folder + "/calls.log", encoding: .utf8)
        #expect(!failedCalls.contains("data merge"))
    }
}
