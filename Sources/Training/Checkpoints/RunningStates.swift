import Foundation
import Tensor

/// `running_states.json` of a checkpoint: Open-Sora 2.0's keys (scripts/diffusion/train.py), so its
/// tooling reads ours, plus strata's own.
///   epoch               the epoch the checkpoint was taken in
///   step                the next micro-step within that epoch (micro-steps done in the epoch)
///   global_step         micro-steps done since the start (epoch · steps_per_epoch + step)
///   batch_size          Open-Sora's `cfg.batch_size` (None with bucket configs → null)
///   actual_update_step  optimizer steps done = global_step // accumulation_steps; names the folder
/// strata adds `accumulation_steps` and `num_steps_per_epoch` so a resume can tell when the data or
/// the accumulation changed (Open-Sora documents that its data state is then meaningless), and
/// `world_size`, the data-parallel ranks that trained it (absent in older files: 1).
public struct RunningStates: Codable, Sendable, Equatable {
    public var epoch: Int
    public var step: Int
    public var globalStep: Int
    public var batchSize: Int?
    public var actualUpdateStep: Int
    public var accumulationSteps: Int
    public var numStepsPerEpoch: Int?
    public var worldSize: Int

    public init(epoch: Int, step: Int, globalStep: Int, batchSize: Int? = nil, actualUpdateStep: Int,
                accumulationSteps: Int = 1, numStepsPerEpoch: Int? = nil, worldSize: Int = 1) {
        self.epoch = epoch
        self.step = step
        self.globalStep = globalStep
        self.batchSize = batchSize
        self.actualUpdateStep = actualUpdateStep
        self.accumulationSteps = accumulationSteps
        self.numStepsPerEpoch = numStepsPerEpoch
        self.worldSize = worldSize
    }

    enum CodingKeys: String, CodingKey {
        case epoch, step
        case globalStep = "global_step"
        case batchSize = "batch_size"
        case actualUpdateStep = "actual_update_step"
        case accumulationSteps = "accumulation_steps"
        case numStepsPerEpoch = "num_steps_per_epoch"
        case worldSize = "world_size"
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        epoch = try container.decode(Int.self, forKey: .epoch)
        step = try container.decode(Int.self, forKey: .step)
        globalStep = try container.decode(Int.self, forKey: .globalStep)
        batchSize = try container.decodeIfPresent(Int.self, forKey: .batchSize)
        // Open-Sora 1.x files lack the last three: one optimizer step per micro-step then.
        accumulationSteps = try container.decodeIfPresent(Int.self, forKey: .accumulationSteps) ?? 1
        actualUpdateStep = try container.decodeIfPresent(Int.self, forKey: .actualUpdateStep) ?? globalStep / max(accumulationSteps, 1)
        numStepsPerEpoch = try container.decodeIfPresent(Int.self, forKey: .numStepsPerEpoch)
        worldSize = try container.decodeIfPresent(Int.self, forKey: .worldSize) ?? 1
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(epoch, forKey: .epoch)
        try container.encode(step, forKey: .step)
        try container.encode(globalStep, forKey: .globalStep)
        try container.encode(batchSize, forKey: .batchSize)  // null when unknown, as Python's None
        try container.encode(actualUpdateStep, forKey: .actualUpdateStep)
        try container.encode(accumulationSteps, forKey: .accumulationSteps)
        try container.encodeIfPresent(numStepsPerEpoch, forKey: .numStepsPerEpoch)
        try container.encode(worldSize, forKey: .worldSize)
    }

    func encoded() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        return Array(try encoder.encode(self)) + [0x0A]
    }

    static func read(_ path: String) throws -> RunningStates {
        let bytes = try readWholeFile(path)
        do {
            return try JSONDecoder().decode(RunningStates.self, from: Data(bytes))
        } catch {
            throw FileError(path: path, message: "not a valid running_states.json (expected epoch, step, global_step, actual_update_step as integers): \(error)")
        }
    }
}
