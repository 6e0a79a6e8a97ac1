import Foundation
import ProcessFixtures
import Testing

/// The conventions every verb keeps, checked through the built executables: one error style, one
/// exit-code rule (2 for mistakes in the command line, a config or an input; 1 for failures while
/// working), help that names no internal executable and whose examples paste, `--version`,
/// did-you-mean for mistyped options, negative numbers as option values.
@Suite struct CLIConventionTests {
    static let repository = DemoChainTests.repository
    static let strata = DemoChainTests.strata

    static func run(_ arguments: [String], in folder: String = repository) throws -> ProcessOutcome {
        try ChildProcess.run(strata, arguments, in: folder, environment: ["COLUMNS": "80"])
    }

    /// Every verb, as the user types it.
    static let verbs: [[String]] = [
        ["dump"], ["explain"], ["diff"], ["registry"], ["plan"], ["graph"], ["run"], ["runs"], ["runs", "show"],
        ["runs", "compare"], ["launch"], ["launch", "slurm"], ["launch", "slurm", "data-check"],
        ["launch", "slurm", "data-info"], ["launch", "torchrun"], ["sample"], ["data"], ["data", "info"],
        ["data", "filter"], ["data", "check"], ["data", "merge"], ["data", "convert"], ["data", "shard"],
        ["data", "buckets"], ["data", "demo"],
    ]

    @Test(arguments: verbs)
    func helpNamesNoInternalExecutableAndItsExamplesPaste(_ verb: [String]) throws {
        let help = try Self.run(verb + ["--help"])
        #expect(help.status == 0, "\(verb): \(help.output)")
        #expect(!help.output.contains("strata-train") && !help.output.contains("strata-data"), "\(verb): \(help.output)")
        #expect(help.output.contains("USAGE: strata " + verb.joined(separator: " ")), "\(verb): \(help.output)")
        let groups: [[String]] = [["launch"], ["launch", "slurm"], ["data"], ["runs"]]
        if !groups.contains(verb) {
            #expect(help.output.contains("-q, --quiet") && help.output.contains("-v, --verbose"), "\(verb) takes -q and -v: \(help.output)")
        }
        // An example line either ends there or is continued with a backslash; a line that the
        // help formatter wrapped mid-command would start in column 0.
        let lines = help.output.components(separatedBy: "\n")
        for (index, line) in lines.enumerated() where line.hasPrefix("  strata ") || line.hasPrefix("    ") && index > 0 && lines[index - 1].hasSuffix("\\") {
            guard index + 1 < lines.count else { continue }
            let next = lines[index + 1]
            if line.hasSuffix("\\") {
                #expect(next.hasPrefix("    "), "\(verb): a continued example goes on indented: '\(line)' / '\(next)'")
            } else {
                #expect(next.isEmpty || next.hasPrefix(" "), "\(verb): an example was wrapped mid-command: '\(line)' / '\(next)'")
            }
        }
    }

    @Test func helpOfADataOrSampleVerbIsTheRealHelp() throws {
        let info = try Self.run(["help", "data", "info"])
        #expect(info.status == 0 && info.output.contains("USAGE: strata data info") && info.output.contains("--exact"), "\(info.output)")
        let sample = try Self.run(["help", "sample"])
        #expect(sample.status == 0 && sample.output.contains("USAGE: strata sample") && sample.output.contains("--guidance <scale>"), "\(sample.output)")
        // Placeholders say what goes there.
        let launch = try Self.run(["launch", "slurm", "stage2", "--help"])
        #expect(launch.output.contains("-o <file>") && !launch.output.contains("<o>"), "\(launch.output)")
        let run = try Self.run(["run", "--help"])
        #expect(run.output.contains("--load <checkpoint-dir>"), "\(run.output)")
    }

    @Test func versionSaysTheVersionAndTheCommit() throws {
        let version = try Self.run(["--version"])
        #expect(version.status == 0)
        let text = version.output.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(text.range(of: #"^strata \d+\.\d+\.\d+ \(commit ([0-9a-f]{40}|unknown)\)$"#, options: .regularExpression) != nil, "\(text)")
        if FileManager.default.fileExists(atPath: Self.repository + "/.git"), let git = ChildProcess.onPath("git") {
            let head = try ChildProcess.run(git, ["rev-parse", "HEAD"], in: Self.repository).output.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(text.contains(head) || FileManager.default.fileExists(atPath: (Self.strata as NSString).deletingLastPathComponent + "/strata.commit"),
                    "the commit of this checkout (\(head)): \(text)")
        }
    }

    @Test func aMistypedOptionGetsDidYouMeanAndDottedOverridesStillWork() throws {
        let typo = try Self.run(["dump", "configs/train/stage1.yaml", "--formt", "json"])
        #expect(typo.status == 2 && typo.output.hasPrefix("error: argument 3: unknown option '--formt'; did you mean '--format'?"), "\(typo.output)")
        let dotted = try Self.run(["dump", "configs/train/stage1.yaml", "--dataset.data-path", "x.csv", "--key", "dataset.data_path"])
        #expect(dotted.status == 0 && dotted.output.contains("x.csv"), "\(dotted.output)")
        let key = try Self.run(["dump", "configs/train/stage1.yaml", "--model.detph", "3"])
        #expect(key.status == 2 && key.output.contains("did you mean 'model.depth'?"), "\(key.output)")
    }

    @Test func negativeNumbersAreOptionValues() throws {
        let lr = try Self.run(["dump", "configs/train/stage1.yaml", "--key", "optim", "--lr", "-1e-4", "--origins"])
        #expect(lr.status == 0 && lr.output.contains("lr: -0.0001  # argument 5:"), "\(lr.output)")
        // Parsed as --guidance's value: the error is about the run directory, not a missing value.
        let guidance = try Self.run(["sample", "no-such-run", "--prompt", "x", "--guidance", "-1"])
        #expect(guidance.status == 2 && guidance.output.contains("no-such-run") && !guidance.output.contains("--guidance"), "\(guidance.output)")
    }

    /// Mistakes in the command line, a config or an input table: exit 2; a failure while working: 1.
    /// One style: `error: …`, or `file:line:col: error: …` when a file is to blame.
    static let mistakes: [(arguments: [String], code: Int32, says: String)] = [
        (["dump", "missing.yaml"], 2, "missing.yaml"),
        (["dump"], 2, "missing expected argument '<config>'"),
        (["explain", "configs/train/stage1.yaml", "optim.nope"], 2, "'optim' has no key 'nope'"),
        (["diff", "configs/train/stage1.yaml"], 2, "strata diff A B"),
        (["registry", "nope"], 2, "unknown category 'nope'"),
        (["plan", "stage2", "-e", "dmeo"], 2, "did you mean 'demo'?"),
        (["graph", "-e", "nope"], 2, "experiments/nope.yaml does not exist"),
        (["run", "stage2", "-e", "../elsewhere/nope.yaml"], 2, "-e ../elsewhere/nope.yaml: no such experiment file"),
        (["runs", "--where", "garbage"], 2, "expected KEY OP VALUE"),
        (["runs", "show", "nope"], 2, "run 'nope'"),
        (["launch", "slurm", "stage2", "-e", "demo"], 2, "'--nodes <nodes>'"),
        (["launch", "torchrun", "stage1", "-e", "nope"], 2, "nope"),
        (["sample", "no-such-run", "--prompt", "x"], 2, "no-such-run"),
        (["sample", "no-such-run", "--prompt", "x", "--num-frames", "0"], 2, "--num-frames must be at least 1"),
        (["data", "info", "missing.csv", "out.csv"], 2, "missing.csv: no such file"),
        (["data", "filter", "TABLE", "out.csv", "--min-frames", "3"], 2, "no 'num_frames' column"),
        (["data", "check", "missing.csv", "out.csv"], 2, "missing.csv: no such file"),
        (["data", "merge", "out.csv", "missing.csv"], 2, "missing.csv: no such file"),
        (["data", "convert", "missing.json", "out.csv"], 2, "missing.json: no such file"),
        (["data", "shard", "missing.csv", "--shards", "2"], 2, "missing.csv: no such file"),
        (["data", "buckets", "configs/train/stage1.yaml", "--dataset.data_path", "TABLE"], 2, "no 'num_frames' column"),
        (["data", "demo", "out", "--videos", "-1"], 2, "--videos must be 0 or more"),
        (["data", "info", "TABLE", "/nonexistent/folder/out.csv"], 1, "cannot write"),
        (["dump", "configs/train/stage1.yaml", "--bogus-flag-that-is-no-key"], 2, "bogus"),
    ]

    @Test func everyVerbKeepsTheExitCodeRuleAndTheErrorStyle() throws {
        let folder = NSTemporaryDirectory() + "strata-cli-\(getpid())"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let table = folder + "/no-shape.csv"
        try "path,text\na.mp4,a caption\n".write(toFile: table, atomically: true, encoding: .utf8)
        for mistake in Self.mistakes {
            let arguments = mistake.arguments.map { $0 == "TABLE" ? table : $0 }
            let outcome = try Self.run(arguments)
            let shown = "strata " + arguments.joined(separator: " ") + " → \(outcome.status): \(outcome.output)"
            #expect(outcome.status == mistake.code, "\(shown)")
            #expect(outcome.output.contains(mistake.says), "\(shown)")
            let first = outcome.output.components(separatedBy: "\n").first ?? ""
            #expect(first.hasPrefix("error: ") || first.range(of: #"^\S+:\d+(:\d+)?: error: "#, options: .regularExpression) != nil, "\(shown)")
            for wrong in ["Error:", "strata: error", "error: error", "strata-train", "strata-data"] {
                #expect(!outcome.output.contains(wrong), "'\(wrong)' in \(shown)")
            }
        }
    }
}
