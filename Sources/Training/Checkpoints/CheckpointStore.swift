import Foundation
import Stages
import Tensor

/// Everything a checkpoint holds.
public struct Checkpoint: Sendable, Equatable {
    public var runningStates: RunningStates
    public var model: SafetensorsFile
    public var optimizer: SafetensorsFile
    /// The EMA weights, when the run keeps an average (`ema_decay`).
    public var ema: SafetensorsFile?
    /// The sampler's state, opaque here (the caller encodes and decodes it, e.g. as JSON).
    public var sampler: Data

    public init(runningStates: RunningStates, model: SafetensorsFile, optimizer: SafetensorsFile,
                ema: SafetensorsFile? = nil, sampler: Data) {
        self.runningStates = runningStates
        self.model = model
        self.optimizer = optimizer
        self.ema = ema
        self.sampler = sampler
    }

    public var id: CheckpointID { CheckpointID(epoch: runningStates.epoch, step: runningStates.actualUpdateStep) }
}

/// The checkpoints of one run directory, in Open-Sora's layout:
///   <run>/epoch{E}-global_step{S}/model.safetensors, optimizer.safetensors, ema.safetensors (with
///   EMA), running_states.json, sampler.json
/// Open-Sora's `model/` and `optimizer/` are ColossalAI sharded folders; ours are single files
/// (`model.safetensors` is what Open-Sora's loader also accepts).
///
/// Writes are atomic: the files go into a hidden sibling `.{name}.partial-{token}`, each synced to
/// disk, the folder synced, then renamed to its final name. A checkpoint is complete when its
/// folder has the final name and holds every required file; a crash leaves only a hidden folder,
/// which listing ignores and `cleanTemporaryFolders()` removes. Saving again under the same name
/// (Open-Sora does, with gradient accumulation) moves the old folder aside to
/// `.{name}.replaced-{token}` first and deletes it after the new one is in place; if a crash falls
/// in between, `cleanTemporaryFolders()` puts the old one back.
public struct CheckpointStore: Sendable {
    public static let modelFile = "model.safetensors"
    public static let optimizerFile = "optimizer.safetensors"
    public static let emaFile = "ema.safetensors"
    public static let runningStatesFile = "running_states.json"
    public static let samplerFile = "sampler.json"
    static let requiredFiles = [modelFile, optimizerFile, runningStatesFile, samplerFile]
    static let partialMarker = ".partial-"
    static let replacedMarker = ".replaced-"

    public let runDirectory: String

    public init(runDirectory: String) {
        self.runDirectory = runDirectory
    }

    public func folder(of id: CheckpointID) -> String { "\(runDirectory)/\(id.folderName)" }

    /// Writes `checkpoint` atomically and returns its folder.
    @discardableResult
    public func save(_ checkpoint: Checkpoint) throws -> String {
        let id = checkpoint.id
        let final = folder(of: id)
        let token = "\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let partial = "\(runDirectory)/.\(id.folderName)\(Self.partialMarker)\(token)"
        try createFolder(runDirectory)
        try createFolder(partial)
        do {
            try checkpoint.model.write(to: "\(partial)/\(Self.modelFile)")
            try checkpoint.optimizer.write(to: "\(partial)/\(Self.optimizerFile)")
            if let ema = checkpoint.ema { try ema.write(to: "\(partial)/\(Self.emaFile)") }
            try writeFileAtomically(Array(checkpoint.sampler), to: "\(partial)/\(Self.samplerFile)")
            try writeFileAtomically(checkpoint.runningStates.encoded(), to: "\(partial)/\(Self.runningStatesFile)")
            syncFolder(partial)
            var replaced: String?
            if FileManager.default.fileExists(atPath: final) {
                replaced = "\(runDirectory)/.\(id.folderName)\(Self.replacedMarker)\(token)"
                try move(final, to: replaced!)
            }
            try move(partial, to: final)
            syncFolder(runDirectory)
            if let replaced { try? FileManager.default.removeItem(atPath: replaced) }
        } catch {
            try? FileManager.default.removeItem(atPath: partial)
            throw error
        }
        return final
    }

    /// The complete checkpoints, oldest first by (epoch, step).
    public func list() throws -> [CheckpointID] {
        try entries().compactMap(CheckpointID.init(folderName:)).filter { isComplete(folder(of: $0)) }.sorted()
    }

    /// The newest complete checkpoint, if any.
    public func latest() throws -> CheckpointID? { try list().last }

    public func load(_ id: CheckpointID) throws -> Checkpoint { try Self.load(folder: folder(of: id)) }

    /// Loads a checkpoint folder (any path, e.g. one named by `--load`).
    public static func load(folder: String) throws -> Checkpoint {
        for file in requiredFiles where !FileManager.default.fileExists(atPath: "\(folder)/\(file)") {
            throw FileError(path: folder, message: "not a complete checkpoint: \(file) is missing")
        }
        let emaPath = "\(folder)/\(emaFile)"
        return Checkpoint(
            runningStates: try RunningStates.read("\(folder)/\(runningStatesFile)"),
            model: try SafetensorsFile.read("\(folder)/\(modelFile)"),
            optimizer: try SafetensorsFile.read("\(folder)/\(optimizerFile)"),
            ema: FileManager.default.fileExists(atPath: emaPath) ? try SafetensorsFile.read(emaPath) : nil,
            sampler: Data(try readWholeFile("\(folder)/\(samplerFile)"))
        )
    }

    /// Deletes all but the newest `keep` complete checkpoints (`keep_n_latest`); `protecting` (the
    /// one just written) is never deleted, and `keep <= 0` keeps everything, as in Open-Sora. Unlike
    /// Open-Sora 2.0, which empties old folders but leaves them, whole folders go (as Open-Sora 1.x).
    /// Returns the deleted checkpoints.
    @discardableResult
    public func removeOld(keep: Int, protecting: CheckpointID? = nil) throws -> [CheckpointID] {
        guard keep > 0 else { return [] }
        let doomed = try list().reversed().dropFirst(keep).filter { $0 != protecting }
        for id in doomed {
            do {
                try FileManager.default.removeItem(atPath: folder(of: id))
            } catch {
                throw FileError(path: folder(of: id), message: "cannot delete an old checkpoint: \(error.localizedDescription)")
            }
        }
        return Array(doomed)
    }

    /// Removes what an interrupted save left behind: partial folders go; a replaced folder goes
    /// back to its name when the new one never arrived, else goes. Call it before a run starts
    /// writing (a save in progress in another process would look interrupted). Returns the paths
    /// removed or restored.
    @discardableResult
    public func cleanTemporaryFolders() throws -> [String] {
        var touched: [String] = []
        for name in try entries() where name.hasPrefix(".") {
            let path = "\(runDirectory)/\(name)"
            if name.contains(Self.partialMarker) {
                try? FileManager.default.removeItem(atPath: path)
                touched.append(path)
            } else if let marker = name.range(of: Self.replacedMarker) {
                let final = "\(runDirectory)/\(name[name.index(after: name.startIndex)..<marker.lowerBound])"
                if !FileManager.default.fileExists(atPath: final), isComplete(path) {
                    try move(path, to: final)
                } else {
                    try? FileManager.default.removeItem(atPath: path)
                }
                touched.append(path)
            }
        }
        if !touched.isEmpty { syncFolder(runDirectory) }
        return touched
    }

    private func isComplete(_ folder: String) -> Bool {
        Self.requiredFiles.allSatisfy { FileManager.default.fileExists(atPath: "\(folder)/\($0)") }
    }

    private func entries() throws -> [String] {
        guard FileManager.default.fileExists(atPath: runDirectory) else { return [] }
        do {
            return try FileManager.default.contentsOfDirectory(atPath: runDirectory)
        } catch {
            throw FileError(path: runDirectory, message: "cannot list the run directory: \(error.localizedDescription)")
        }
    }

    private func createFolder(_ path: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw FileError(path: path, message: "cannot create the folder: \(error.localizedDescription)")
        }
    }

    private func move(_ source: String, to destination: String) throws {
        guard rename(source, destination) == 0 else {
            throw FileError(path: source, message: "cannot rename to \(destination): \(String(cString: strerror(errno)))")
        }
    }
}
