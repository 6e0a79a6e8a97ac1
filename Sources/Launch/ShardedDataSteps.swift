import Foundation

/// What the sharded data jobs (`launch slurm data-check`, `launch slurm data-info`) share: the
/// shard files' names, one background job step per shard running `strata data VERB … --shard I/N`
/// (I from 1 to N, as the data verbs count), the wait that stops the job before merging when any
/// shard failed, and `strata data merge` of the shard tables into the output in the input's order.
struct ShardedDataSteps: Sendable {
    var strataExecutable: String
    /// The `strata data` verb each shard runs (`check`, `info`).
    var verb: String
    var input: String
    var output: String
    var resources: SlurmResources

    var shardCount: Int { resources.totalTasks }

    /// OUTPUT without `.csv`, the stem the shard files are named after.
    var outputStem: String { output.hasSuffix(".csv") ? String(output.dropLast(4)) : output }

    /// The table shard `index` (1-based) writes.
    func shardOutput(_ index: Int) -> String { "\(outputStem).shard-\(index)-of-\(shardCount).csv" }

    /// `--workers`: the given count, else the task's CPUs when the job sets them.
    func workerWords(_ workers: Int?) -> [String] {
        (workers ?? resources.cpusPerTask).map { ["--workers", String($0)] } ?? []
    }

    /// The words of shard `index`: the verb on the input, the shard's table, its share, then `options`.
    func shardWords(_ index: Int, options: [String]) -> [String] {
        [strataExecutable, "data", verb, input, shardOutput(index), "--shard", "\(index)/\(shardCount)"] + options
    }

    /// The script body: the shard steps with `options`, the wait, the merge, then `afterMerge`.
    func body(options: [String], afterMerge: [String] = []) -> [String] {
        let n = shardCount
        // One single-task step per shard; --exclusive keeps steps from sharing CPUs (and, on Slurm
        // 20.11 and later, gives each step only what it asks for). srun does not inherit
        // --cpus-per-task from sbatch on recent Slurm, so it is repeated.
        var step = ["srun", "--nodes=1", "--ntasks=1", "--exclusive"]
        if let cpus = resources.cpusPerTask { step.append("--cpus-per-task=\(cpus)") }
        var body = ["# \(n) shard(s), one job step each, in the background.", "pids=()"]
        for index in 1...n {
            body.append(ShellQuoting.line(step + shardWords(index, options: options)) + " &")
            body.append("pids+=($!)")
        }
        body += [
            "",
            "failed=0",
            "for pid in \"${pids[@]}\"; do wait \"$pid\" || failed=1; done",
            "if [ \"$failed\" -ne 0 ]; then",
            "    echo " + ShellQuoting.word("strata launch: a data \(verb) shard failed; the shard outputs are kept, nothing merged") + " >&2",
            "    exit 1",
            "fi",
            "",
            "# Merge the shard tables in the input's row order.",
            ShellQuoting.line([strataExecutable, "data", "merge", output] + (1...n).map(shardOutput)),
        ]
        return body + afterMerge
    }
}

extension SlurmOptions {
    /// Where a sharded data job's script goes (`-o`, else OUTPUT's stem + `.VERB.sbatch`) and its
    /// resources (job name `strata-VERB-TABLE` unless --job-name).
    func shardedDataJob(verb: String, input: String, output: String) throws -> (scriptPath: String, resources: SlurmResources) {
        let stem = output.hasSuffix(".csv") ? String(output.dropLast(4)) : output
        let path = self.output ?? stem + ".\(verb).sbatch"
        let table = ((input as NSString).lastPathComponent as NSString).deletingPathExtension
        let resources = try resources(defaultJobName: "strata-\(verb)-\(table.filter { !$0.isWhitespace })", scriptPath: path)
        return (path, resources)
    }
}
