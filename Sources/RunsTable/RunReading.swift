import ConfigLang
import Foundation
import Stages

/// Reads one run directory into a `RunSummary`, from the files themselves (run.yaml through
/// `RunRecord`, metrics.jsonl through `MetricsSummary`). This is the slow path the index saves.
enum RunReading {
    static func summary(of directory: String, stamp: FileStamp) throws -> RunSummary {
        let record = try RunRecord.read(directory)
        let metricsPath = (directory as NSString).appendingPathComponent("metrics.jsonl")
        let metrics = FileManager.default.contents(atPath: metricsPath).map { MetricsSummary(bytes: Array($0)) }
        var params: [String: String] = [:]
        for leaf in ConfigLeaves.leaves(record.config) { params[leaf.key] = ConfigLeaves.text(leaf.value) }
        return RunSummary(
            directory: directory, experiment: record.experiment, stage: record.stage, fingerprint: record.fingerprint,
            status: record.status.rawValue, started: record.started, ended: record.ended, lastWrite: stamp.lastWrite,
            steps: metrics?.steps, lastLoss: metrics?.lastLoss, bestLoss: metrics?.bestLoss, worldSize: record.worldSize,
            gitCommit: record.git.commit, gitDirty: record.git.dirty, initFrom: record.initFrom,
            upstreamFingerprint: record.upstreamFingerprint, params: RunParams(params))
    }
}

/// What says whether an index entry is still true: run.yaml's and metrics.jsonl's modification
/// times (nanoseconds) and sizes. run.yaml is replaced by rename at every status change and
/// metrics.jsonl grows with every logged step, so either change shows here.
struct FileStamp: Equatable {
    var text: String
    /// The later of the two modification times, in seconds.
    var lastWrite: Double

    /// Nil when `directory` holds no run.yaml (not a run).
    init?(directory: String) {
        guard let record = Self.stat(directory + "/" + RunRecord.fileName) else { return nil }
        let metrics = Self.stat(directory + "/metrics.jsonl")
        text = "\(record.nanoseconds):\(record.size):\(metrics?.nanoseconds ?? 0):\(metrics?.size ?? -1)"
        lastWrite = Double(max(record.nanoseconds, metrics?.nanoseconds ?? 0)) / 1e9
    }

    init(text: String, lastWrite: Double) {
        self.text = text
        self.lastWrite = lastWrite
    }

    private static func stat(_ path: String) -> (nanoseconds: Int64, size: Int64)? {
        guard let info = fileStatus(path), (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        #if os(Linux)
        let nanoseconds = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
        #else
        let nanoseconds = Int64(info.st_mtimespec.tv_sec) * 1_000_000_000 + Int64(info.st_mtimespec.tv_nsec)
        #endif
        return (nanoseconds, Int64(info.st_size))
    }
}

/// Folder listing without FileManager's per-entry overhead (the runs table lists thousands).
enum FolderListing {
    static func names(_ path: String) -> [String] {
        guard let folder = opendir(path) else { return [] }
        defer { closedir(folder) }
        var names: [String] = []
        while let entry = readdir(folder) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if !name.hasPrefix(".") { names.append(name) }
        }
        return names.sorted()
    }
}

/// stat(2), named apart from `FileStamp.stat`.
private func fileStatus(_ path: String) -> stat? {
    var info = stat()
    return stat(path, &info) == 0 ? info : nil
}
