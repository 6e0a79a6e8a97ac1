import Foundation
import Stages
import Tensor
import Testing
@testable import Training

@Suite struct CheckpointStoreTests {
    func checkpoint(epoch: Int, step: Int, value: Float = 1, ema: Bool = true) -> Checkpoint {
        Checkpoint(
            runningStates: RunningStates(epoch: epoch, step: step * 2 % 7, globalStep: step * 2, actualUpdateStep: step,
                                         accumulationSteps: 2, numStepsPerEpoch: 7),
            model: SafetensorsFile(tensors: ["w": Tensor(shape: [2], data: [value, -value])], metadata: ["format": "pt"]),
            optimizer: SafetensorsFile(tensors: ["w.exp_avg": Tensor(shape: [2], data: [0.5, 0.25])], metadata: ["optimizer": "AdamW", "step": "\(step)"]),
            ema: ema ? SafetensorsFile(tensors: ["w": Tensor(shape: [2], data: [value / 2, 0])]) : nil,
            sampler: Data(#"{"seed":42,"epoch":\#(epoch)}"#.utf8))
    }

    @Test func savesInOpenSorasLayoutAndLoadsBack() throws {
        let run = try TemporaryFolder()
        let store = CheckpointStore(runDirectory: run.path + "/outputs/exp")
        let saved = checkpoint(epoch: 1, step: 12)
        let folder = try store.save(saved)
        #expect(folder.hasSuffix("/outputs/exp/epoch1-global_step12"))
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: folder))
            == ["model.safetensors", "optimizer.safetensors", "ema.safetensors", "running_states.json", "sampler.json"])
        let states = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + "/running_states.json"))) as! [String: Any]
        for key in ["epoch", "step", "global_step", "batch_size", "actual_update_step"] { #expect(states[key] != nil, "\(key)") }
        #expect(try store.load(CheckpointID(epoch: 1, step: 12)) == saved)
        #expect(try store.latest() == CheckpointID(epoch: 1, step: 12))

        let withoutEMA = checkpoint(epoch: 1, step: 13, ema: false)
        try store.save(withoutEMA)
        #expect(try CheckpointStore.load(folder: store.folder(of: withoutEMA.id)) == withoutEMA)
    }

    @Test func readsOpenSoraRunningStates() throws {
        let data = Data(#"{"epoch": 2, "step": 5, "global_step": 105, "batch_size": null, "actual_update_step": 52}"#.utf8)
        let states = try JSONDecoder().decode(RunningStates.self, from: data)
        #expect(states == RunningStates(epoch: 2, step: 5, globalStep: 105, actualUpdateStep: 52))
    }

    @Test func aCrashedSaveIsIgnoredAndCleanedUp() throws {
        let run = try TemporaryFolder()
        let store = CheckpointStore(runDirectory: run.path)
        try store.save(checkpoint(epoch: 0, step: 10))
        // A save interrupted before its rename: a hidden partial folder with some files.
        let partial = ".epoch0-global_step20.partial-999-1"
        try FileManager.default.createDirectory(atPath: "\(run.path)/\(partial)", withIntermediateDirectories: false)
        try run.write("truncated", to: "\(partial)/model.safetensors")
        // An Open-Sora-style emptied or hand-made folder without running_states.json.
        try FileManager.default.createDirectory(atPath: "\(run.path)/epoch0-global_step30", withIntermediateDirectories: false)
        try run.write("", to: "epoch0-global_step30/model.safetensors")

        #expect(try store.list() == [CheckpointID(epoch: 0, step: 10)])
        #expect(try store.latest() == CheckpointID(epoch: 0, step: 10))
        #expect(try store.cleanTemporaryFolders() == ["\(run.path)/\(partial)"])
        #expect(!FileManager.default.fileExists(atPath: "\(run.path)/\(partial)"))
        #expect(try store.cleanTemporaryFolders().isEmpty)
    }

    @Test func aCrashWhileReplacingRestoresTheOldCheckpoint() throws {
        let run = try TemporaryFolder()
        let store = CheckpointStore(runDirectory: run.path)
        let old = checkpoint(epoch: 0, step: 10, value: 1)
        let folder = try store.save(old)
        // The crash fell between moving the old folder aside and moving the new one in.
        try FileManager.default.moveItem(atPath: folder, toPath: "\(run.path)/.epoch0-global_step10.replaced-7-7")
        #expect(try store.latest() == nil)
        try store.cleanTemporaryFolders()
        #expect(try store.load(old.id) == old)
    }

    @Test func savingTheSameStepAgainReplacesIt() throws {
        let run = try TemporaryFolder()
        let store = CheckpointStore(runDirectory: run.path)
        try store.save(checkpoint(epoch: 0, step: 4, value: 1))
        let second = checkpoint(epoch: 0, step: 4, value: 2)
        try store.save(second)
        #expect(try store.load(second.id) == second)
        #expect(try FileManager.default.contentsOfDirectory(atPath: run.path) == ["epoch0-global_step4"])
    }

    @Test func retentionKeepsTheNewestAndTheProtected() throws {
        let run = try TemporaryFolder()
        let store = CheckpointStore(runDirectory: run.path)
        for (epoch, step) in [(0, 5), (0, 10), (1, 15), (1, 20), (2, 25)] { try store.save(checkpoint(epoch: epoch, step: step)) }
        #expect(try store.removeOld(keep: 0).isEmpty)
        let removed = try store.removeOld(keep: 2, protecting: CheckpointID(epoch: 0, step: 5))
        #expect(removed == [CheckpointID(epoch: 1, step: 15), CheckpointID(epoch: 0, step: 10)])
        #expect(try store.list() == [CheckpointID(epoch: 0, step: 5), CheckpointID(epoch: 1, step: 20), CheckpointID(epoch: 2, step: 25)])
        try store.removeOld(keep: 1)
        #expect(try store.list() == [CheckpointID(epoch: 2, step: 25)])
    }

    @Test func brokenCheckpointsFailNamingTheFile() throws {
        let run = try TemporaryFolder()
        let store = CheckpointStore(runDirectory: run.path)
        let folder = try store.save(checkpoint(epoch: 0, step: 1))
        try run.write(#"{"epoch": "zero"}"#, to: "epoch0-global_step1/running_states.json")
        #expect { try store.load(CheckpointID(epoch: 0, step: 1)) } throws: { "\($0)".contains("\(folder)/running_states.json") }
        try FileManager.default.removeItem(atPath: folder + "/sampler.json")
        #expect { try CheckpointStore.load(folder: folder) } throws: { "\($0)".contains("sampler.json is missing") }
        #expect(CheckpointID(folderName: "epoch3-global_step40") == CheckpointID(epoch: 3, step: 40))
        for name in ["epoch3-global_step", "epochx-global_step4", ".epoch3-global_step40.partial-1-2", "epoch3-step40"] {
            #expect(CheckpointID(folderName: name) == nil, "\(name)")
        }
    }
}
