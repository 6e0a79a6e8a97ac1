import Foundation
import Stages

/// Every run under an outputs folder (`<outputs>/<experiment>/<run directory>/run.yaml`), read
/// from the directories with the index as a cache, newest first, with stale runs marked.
public struct RunsCatalog: Sendable {
    public var runs: [RunSummary]
    /// Run directories whose run.yaml could not be read, with the reason.
    public var skipped: [(directory: String, reason: String)]

    /// `experiments`: only these (all when empty). An experiment that has no folder is an error
    /// naming the folder looked in.
    public static func load(outputs: String, experiments: [String] = [], useIndex: Bool = true) throws -> RunsCatalog {
        // `outputs/` and `outputs` name one folder (and one set of index keys).
        var outputs = outputs
        while outputs.count > 1, outputs.hasSuffix("/") { outputs.removeLast() }
        let indexPath = (outputs as NSString).appendingPathComponent(RunIndex.fileName)
        var index = useIndex ? RunIndex.read(indexPath, outputs: outputs) : [:]
        var changed = false
        var runs: [RunSummary] = []
        var skipped: [(directory: String, reason: String)] = []
        var seen = Set<String>()
        let names = experiments.isEmpty ? FolderListing.names(outputs) : experiments
        for experiment in names {
            let folder = outputs + "/" + experiment
            if !experiments.isEmpty, !isFolder(folder) {
                throw RunsError("experiment '\(experiment)': no folder \(folder) (runs are looked for in \(outputs)/<experiment>/)")
            }
            for name in FolderListing.names(folder) {
                let directory = folder + "/" + name
                guard let stamp = FileStamp(directory: directory) else { continue }
                seen.insert(directory)
                if let entry = index[directory], entry.stamp == stamp.text {
                    runs.append(entry.summary)
                    continue
                }
                do {
                    let summary = try RunReading.summary(of: directory, stamp: stamp)
                    index[directory] = RunIndex.Entry(stamp: stamp.text, summary: summary)
                    runs.append(summary)
                } catch {
                    index[directory] = nil
                    skipped.append((directory, "\(error)"))
                }
                changed = true
            }
        }
        // Entries of directories that are gone (only within what was listed: a listing of some
        // experiments keeps the others' entries).
        let listed = Set(names.map { outputs + "/" + $0 + "/" })
        for directory in index.keys where !seen.contains(directory)
            && (experiments.isEmpty || listed.contains { directory.hasPrefix($0) }) {
            index[directory] = nil
            changed = true
        }
        if useIndex, changed, isFolder(outputs) { RunIndex.write(index, to: indexPath, outputs: outputs) }
        runs = markStale(runs)
        runs.sort { ($0.started, $0.directory) > ($1.started, $1.directory) }
        return RunsCatalog(runs: runs, skipped: skipped)
    }

    /// A run that says it is running but holds no lock is `killed`. A completed run is stale when its stage has a newer completed run in the same experiment
    /// (its config or inputs changed since), or when it was trained from an upstream run that is
    /// no longer its upstream stage's newest completed run. This reads the directories only;
    /// `strata plan` says whether a run matches the configs as they are now.
    static func markStale(_ runs: [RunSummary]) -> [RunSummary] {
        var newest: [String: RunSummary] = [:]
        for run in runs where run.status == "completed" {
            let key = run.experiment + "/" + run.stage
            if let known = newest[key], known.started >= run.started { continue }
            newest[key] = run
        }
        return runs.map { run in
            var run = run
            // A run that says `running` but whose directory lock nobody holds was killed (a
            // crash, kill -9) before it could say so.
            if run.status == "running", RunLock.holder(of: run.directory) == nil { run.status = "killed" }
            guard run.status == "completed" else { return run }
            let superseded = newest[run.experiment + "/" + run.stage]?.directory != run.directory
            let upstream = run.initFrom.flatMap { newest[run.experiment + "/" + $0] }
            if superseded || (upstream != nil && run.upstreamFingerprint != upstream?.fingerprint) { run.status = "stale" }
            return run
        }
    }

    private static func isFolder(_ path: String) -> Bool {
        var flag: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &flag) && flag.boolValue
    }
}

public struct RunsError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
