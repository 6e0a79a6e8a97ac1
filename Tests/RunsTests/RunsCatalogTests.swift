import Foundation
import Stages
import Testing
@testable import RunsTable

/// `strata runs` as a library: what a row says, statuses (with stale), order, filters, and the
/// index being only a cache of the directories.
struct RunsCatalogTests {
    @Test func rowsSayWhatTheDirectoriesSay() throws {
        let fixture = RunsFixture("rows")
        let directory = try fixture.run("demo", "image", fingerprint: "aaaa1111bbbb2222", minute: 0, losses: [1.0, 0.25, 0.5], worldSize: 2)
        let runs = try RunsCatalog.load(outputs: fixture.outputs).runs
        let run = try #require(runs.first)
        #expect(runs.count == 1)
        #expect(run.directory == directory)
        #expect((run.experiment, run.stage, run.fingerprint, run.status) == ("demo", "image", "aaaa1111bbbb2222", "completed"))
        #expect((run.steps, run.lastLoss, run.bestLoss) == (3, 0.5, 0.25))
        #expect(run.duration == 90)
        #expect(run.worldSize == 2)
        #expect(run.gitCommit == "abcdef0123456789" && run.gitDirty == true)
        #expect(run.value(of: "optim.lr") == "0.001")
        #expect(run.value(of: "model.depth") == "2")
        #expect(run.value(of: "bucket_config.32px.1") == "[1.0, 3]")
    }

    @Test func statusesIncludingStaleAndNewestFirst() throws {
        let fixture = RunsFixture("status")
        try fixture.run("demo", "image", fingerprint: "old000000000", minute: 0)
        try fixture.run("demo", "image", fingerprint: "new000000000", minute: 10)
        // Trained from the old image run: stale, since image has a newer completed run.
        try fixture.run("demo", "stage1", fingerprint: "s1old0000000", minute: 5, initFrom: "image", upstream: "old000000000")
        try fixture.run("demo", "stage1", fingerprint: "s1fail000000", minute: 20, status: .failed, initFrom: "image", upstream: "new000000000")
        let live = try fixture.run("other", "stage1", fingerprint: "s1run0000000", minute: 30, status: .running, losses: [2.0])
        var lock: RunLock? = try RunLock.acquire(in: live)
        let runs = try RunsCatalog.load(outputs: fixture.outputs).runs
        #expect(runs.map(\.fingerprint) == ["s1run0000000", "s1fail000000", "new000000000", "s1old0000000", "old000000000"])
        #expect(runs.map(\.status) == ["running", "failed", "completed", "stale", "stale"])
        // Nobody holds its lock any more: it was killed before it could say so.
        #expect(lock != nil)
        lock = nil
        #expect(try RunsCatalog.load(outputs: fixture.outputs).runs.first?.status == "killed")
        // Only one experiment.
        #expect(try RunsCatalog.load(outputs: fixture.outputs, experiments: ["other"]).runs.map(\.fingerprint) == ["s1run0000000"])
        #expect(throws: RunsError.self) { try RunsCatalog.load(outputs: fixture.outputs, experiments: ["missing"]) }
    }

    @Test func whereFiltersCompareNumbersAsNumbers() throws {
        let fixture = RunsFixture("where")
        try fixture.run("demo", "image", fingerprint: "lr1e3", minute: 0, lr: 1e-3, depth: 2)
        try fixture.run("demo", "image", fingerprint: "lr1e4", minute: 1, lr: 1e-4, depth: 4)
        let runs = try RunsCatalog.load(outputs: fixture.outputs).runs
        func kept(_ text: String) throws -> [String] {
            let filter = try RunFilter(text)
            return runs.filter(filter.matches).map(\.fingerprint).sorted()
        }
        #expect(try kept("optim.lr<1e-3") == ["lr1e4"])
        #expect(try kept("optim.lr <= 0.001") == ["lr1e3", "lr1e4"])
        #expect(try kept("model.depth==4") == ["lr1e4"])
        #expect(try kept("model.depth!=4") == ["lr1e3"])
        #expect(try kept("optim.cls=HybridAdam") == ["lr1e3", "lr1e4"])
        #expect(try kept("steps>=3") == ["lr1e3", "lr1e4"])
        #expect(try kept("no.such.key==1") == [])
        #expect(throws: RunsError.self) { try RunFilter("optim.lr") }
        #expect(throws: RunsError.self) { try RunFilter("stage<image") }
    }

    @Test func theIndexIsRebuiltFromTheDirectories() throws {
        let fixture = RunsFixture("index")
        let first = try fixture.run("demo", "image", fingerprint: "one000000000", minute: 0)
        #expect(try RunsCatalog.load(outputs: fixture.outputs).runs.count == 1)
        let index = fixture.outputs + "/" + RunIndex.fileName
        #expect(FileManager.default.fileExists(atPath: index))
        // A new run, a changed run and a removed run all show at once.
        let second = try fixture.run("demo", "stage1", fingerprint: "two000000000", minute: 1, status: .running, losses: [3])
        var runs = try RunsCatalog.load(outputs: fixture.outputs).runs
        #expect(runs.map(\.steps) == [1, 3])
        try "{\"step\":1,\"epoch\":0,\"loss\":3.0}\n{\"step\":2,\"epoch\":0,\"loss\":1.5}\n"
            .write(toFile: second + "/metrics.jsonl", atomically: true, encoding: .utf8)
        runs = try RunsCatalog.load(outputs: fixture.outputs).runs
        #expect(runs.first?.lastLoss == 1.5)
        try FileManager.default.removeItem(atPath: first)
        #expect(try RunsCatalog.load(outputs: fixture.outputs).runs.map(\.directory) == [second])
        // The index read back equals a listing without it, field for field.
        let withIndex = try RunsCatalog.load(outputs: fixture.outputs).runs
        #expect(withIndex == (try RunsCatalog.load(outputs: fixture.outputs, useIndex: false).runs))
        // A damaged index is ignored, never trusted.
        try "garbage\n".write(toFile: index, atomically: true, encoding: .utf8)
        #expect(try RunsCatalog.load(outputs: fixture.outputs).runs == withIndex)
    }

    @Test func valuesWithTabsAndNewlinesSurviveTheIndex() throws {
        let fixture = RunsFixture("escape")
        let directory = try fixture.run("demo", "image", fingerprint: "esc000000000", minute: 0)
        let run = try #require(try RunsCatalog.load(outputs: fixture.outputs, useIndex: false).runs.first)
        var odd = run
        var values = odd.params.dictionary
        values["note"] = "a\tb\nc\\d\u{1E}e\u{1F}f"
        odd.params = RunParams(values)
        #expect(odd.params["note"] == "a\tb\nc\\d\u{1E}e\u{1F}f")
        #expect(odd.params["optim.lr"] == "0.001")
        #expect(odd.params["optim"] == nil)
        let path = fixture.outputs + "/" + RunIndex.fileName
        RunIndex.write([directory: RunIndex.Entry(stamp: "s", summary: odd)], to: path, outputs: fixture.outputs)
        #expect(RunIndex.read(path, outputs: fixture.outputs)[directory]?.summary == odd)
        // Entries are stored relative to the outputs folder: another spelling of it reads them.
        let other = fixture.outputs + "/../outputs"
        #expect(RunIndex.read(path, outputs: other)[other + "/demo/image-esc000000000"] != nil)
    }
}

struct RunTimeTests {
    @Test func timestampsReadByHandEqualTheFormatters() {
        for date in [Date(timeIntervalSince1970: 0), Date(timeIntervalSince1970: 1_796_405_006.533),
                     Date(timeIntervalSince1970: 951_782_400.25)] {  // 2000-02-29
            let text = RunRecord.timestamp(date)
            #expect(abs((RunTime.seconds(text) ?? -1) - date.timeIntervalSince1970) < 0.0005, "\(text)")
        }
        #expect(RunTime.seconds("2026-12-04T17:23:26Z") == 1_796_405_006)
        #expect(RunTime.seconds("2026-12-04T18:23:26+01:00") == 1_796_405_006)
        #expect(RunTime.seconds("yesterday") == nil)
    }
}
