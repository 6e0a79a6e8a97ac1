import Foundation
import ProcessFixtures
import Testing

/// `strata runs` through the built executable: formats, --param, --status, --where, show,
/// compare, and the exit codes of mistakes.
struct RunsCommandTests {
    static func strata(_ arguments: [String]) throws -> ProcessOutcome {
        try ChildProcess.run(ChildProcess.builtProduct("strata"), ["runs"] + arguments, environment: ["NO_COLOR": "1"])
    }

    static let fixture: RunsFixture = {
        let fixture = RunsFixture("command")
        _ = try? fixture.run("demo", "image", fingerprint: "aaaa00000000ffff", minute: 0, lr: 1e-3)
        _ = try? fixture.run("demo", "stage1", fingerprint: "bbbb00000000ffff", minute: 1, lr: 1e-4, depth: 3,
                             initFrom: "image", upstream: "aaaa00000000ffff")
        _ = try? fixture.run("sweep", "image", fingerprint: "cccc00000000ffff", minute: 2, status: .failed, losses: [])
        return fixture
    }()

    @Test func theTableHasARowPerRunNewestFirst() throws {
        let outcome = try Self.strata(["--outputs", Self.fixture.outputs, "--param", "optim.lr", "--param", "model.depth"])
        #expect(outcome.status == 0, "\(outcome.output)")
        let lines = outcome.output.split(separator: "\n")
        #expect(lines.count == 4)
        #expect(lines[0].hasPrefix("EXPERIMENT  STAGE"))
        #expect(lines[0].hasSuffix("optim.lr  model.depth"))
        #expect(lines[1].hasPrefix("sweep") && lines[1].contains("failed"))
        #expect(lines[2].hasPrefix("demo") && lines[2].contains("stage1") && lines[2].contains("0.0001") && lines[2].hasSuffix("3"))
        #expect(lines[3].contains("aaaa00000000 ") && lines[3].contains("completed") && lines[3].contains("1m30s"))
        #expect(lines[3].contains("abcdef01+"))
    }

    @Test func csvAndJSONCarryFullValues() throws {
        let csv = try Self.strata(["--outputs", Self.fixture.outputs, "demo", "--format", "csv", "--param", "optim.lr"])
        #expect(csv.status == 0, "\(csv.output)")
        let rows = csv.output.split(separator: "\n")
        #expect(rows.first == "directory,experiment,stage,fingerprint,status,started,ended,duration_s,steps,last_loss,best_loss,world_size,git_commit,git_dirty,optim.lr")
        #expect(rows.count == 3)
        #expect(rows[1].contains(",demo,stage1,bbbb00000000ffff,completed,") && rows[1].hasSuffix(",3,0.7,0.5,1,abcdef0123456789,true,0.0001"))
        let json = try Self.strata(["--outputs", Self.fixture.outputs, "--format", "json", "--status", "failed"])
        #expect(json.status == 0, "\(json.output)")
        let objects = try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [[String: Any]]
        #expect(objects?.count == 1)
        #expect(objects?.first?["fingerprint"] as? String == "cccc00000000ffff")
        #expect(objects?.first?["steps"] is NSNull)
    }

    @Test func whereAndStatusFilter() throws {
        let outcome = try Self.strata(["--outputs", Self.fixture.outputs, "--where", "optim.lr<1e-3", "--format", "csv"])
        #expect(outcome.output.split(separator: "\n").count == 2 && outcome.output.contains("bbbb00000000ffff"))
        let completed = try Self.strata(["--outputs", Self.fixture.outputs, "--status", "completed", "--format", "csv"])
        #expect(completed.output.split(separator: "\n").count == 3)
    }

    @Test func mistakesAreUsageErrorsNamingTheArgument() throws {
        for (arguments, expected) in [
            (["--where", "optim.lr"], "--where 'optim.lr': expected KEY OP VALUE"),
            (["--status", "done"], "--status done: expected one of running, completed, failed, interrupted, killed, stale"),
            (["--format", "xml"], "--format xml: expected table, json or csv"),
            (["nosuch"], "experiment 'nosuch': no folder"),
        ] {
            let outcome = try Self.strata(["--outputs", Self.fixture.outputs] + arguments)
            #expect(outcome.status == 2, "\(arguments): \(outcome.output)")
            #expect(outcome.output.contains(expected), "\(arguments): \(outcome.output)")
        }
        for (arguments, expected) in [
            (["show", "zzzz"], "run 'zzzz': no run directory"),
            (["compare", "zzzz", "demo/image-aaaa00000000"], "run 'zzzz': no run directory"),
        ] {
            let outcome = try Self.strata(arguments + ["--outputs", Self.fixture.outputs])
            #expect(outcome.status == 2, "\(arguments): \(outcome.output)")
            #expect(outcome.output.contains(expected), "\(arguments): \(outcome.output)")
        }
    }

    @Test func showAndCompare() throws {
        let show = try Self.strata(["show", "bbbb", "--outputs", Self.fixture.outputs])
        #expect(show.status == 0, "\(show.output)")
        #expect(show.output.contains("stage         stage1 (from image)"))
        #expect(show.output.contains("loss          last 0.7, best 0.5"))
        #expect(show.output.contains("checkpoints   none"))
        let compare = try Self.strata(["compare", "demo/image-aaaa00000000", "demo/stage1-bbbb00000000", "--outputs", Self.fixture.outputs])
        #expect(compare.status == 0, "\(compare.output)")
        #expect(compare.output.contains("optim.lr: 0.001 → 0.0001"))
        #expect(compare.output.contains("model.depth: 2 → 3"))
        #expect(compare.output.contains("stage       image"))
    }
}
