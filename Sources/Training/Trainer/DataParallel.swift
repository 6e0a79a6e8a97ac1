import Buckets
import ConfigLang
import Distributed
import Foundation
import Stages
import Tensor

/// The data-parallel side of a run (Open-Sora's DDP, over MPI): every rank trains its own shard of
/// each step's global batch (the sampler's rank split), gradients are averaged over the ranks
/// before the optimizer step, so every rank applies the same update to the same weights; rank 0
/// alone writes. With one process every call is free (no copy, no MPI).
final class DataParallel {
    let group: any ProcessGroup
    /// Time spent averaging gradients (flatten, MPI_Allreduce, unflatten), and its calls; and
    /// time spent waiting at the barrier before it for the slowest rank (load imbalance, not
    /// communication: measured apart so the allreduce's own cost is visible).
    private(set) var allreduceSeconds = 0.0
    private(set) var waitSeconds = 0.0
    private(set) var averagedUpdates = 0
    private(set) var allreduceCallsPerUpdate = 0
    /// The one contiguous buffer every gradient is copied into, reused across steps.
    private var flat: [Float] = []

    init(group: any ProcessGroup) {
        self.group = group
    }

    var placement: RunPlacement { RunPlacement(rank: group.rank, worldSize: group.worldSize) }
    var rank: Int { group.rank }
    var worldSize: Int { group.worldSize }
    /// Rank 0 writes checkpoints, metrics, the loss plot and the final weights.
    var writesFiles: Bool { group.rank == 0 }

    /// Rank 0's weights (and EMA) on every rank, so all ranks start identical whatever each
    /// loaded or initialised (one broadcast of one contiguous buffer).
    func synchronizeWeights(model: inout DiT, ema: inout ExponentialMovingAverage?) throws {
        guard worldSize > 1 else { return }
        var tensors = model.parameters + (ema?.weights ?? [])
        try fused(&tensors) { buffer throws in try group.broadcast(&buffer, root: 0) }
        model.parameters = Array(tensors.prefix(model.parameters.count))
        if let average = ema {
            ema = ExponentialMovingAverage(names: average.names, initialWeights: Array(tensors.suffix(average.weights.count)),
                                           decay: average.decay, frozen: average.frozen)
        }
    }

    /// The mean over ranks of every gradient, in place: one in-place MPI_Allreduce over all
    /// gradients flattened into one buffer (split into ~16 MB chunks only for huge models).
    func averageGradients(_ gradients: inout [Tensor]) throws {
        guard worldSize > 1 else { return }
        let arrival = DispatchTime.now().uptimeNanoseconds
        try group.barrier()
        let start = DispatchTime.now().uptimeNanoseconds
        waitSeconds += Double(start - arrival) / 1e9
        let scale = 1 / Float(worldSize)
        try fused(&gradients) { buffer throws in
            try group.allreduceSum(&buffer)
            buffer.withUnsafeMutableBufferPointer { values in
                for i in values.indices { values[i] *= scale }
            }
        }
        allreduceSeconds += Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        averagedUpdates += 1
        allreduceCallsPerUpdate = (flat.count + MPIProcessGroup.chunkElements - 1) / MPIProcessGroup.chunkElements
    }

    /// Copies `tensors` into `flat`, lets `body` transform it, copies the result back.
    private func fused(_ tensors: inout [Tensor], _ body: (inout [Float]) throws -> Void) throws {
        let total = tensors.reduce(0) { $0 + $1.count }
        if flat.count != total { flat = [Float](repeating: 0, count: total) }
        var offset = 0
        for tensor in tensors {
            flat.replaceSubrange(offset..<(offset + tensor.count), with: tensor.data)
            offset += tensor.count
        }
        try body(&flat)
        offset = 0
        for index in tensors.indices {
            let count = tensors[index].count
            tensors[index].data.replaceSubrange(0..<count, with: flat[offset..<(offset + count)])
            offset += count
        }
    }

    /// A checkpoint continues bit for bit only with the world size that wrote it: the sampler's
    /// split of each step's batches and the rank streams depend on it. Another world size is a
    /// usage error (exit 2) naming both, pointing at the checkpoint's `world_size`.
    func checkResumable(_ checkpoint: Checkpoint, folder: String) throws {
        let saved = checkpoint.runningStates.worldSize
        guard saved != worldSize else { return }
        let path = (folder as NSString).appendingPathComponent(CheckpointStore.runningStatesFile)
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        let lines = text.components(separatedBy: "\n")
        let line = lines.firstIndex { $0.contains("\"world_size\"") }
        let column = line.flatMap { lines[$0].range(of: "\"world_size\"") }.map { lines[line!].distance(from: lines[line!].startIndex, to: $0.lowerBound) + 1 }
        throw ConfigError(.schema, "checkpoint \(checkpoint.id.folderName) was written by a data-parallel job of \(saved) rank(s), this job has \(worldSize): resuming needs the same world size (relaunch with mpirun -np \(saved)\(saved == 1 ? " or without mpirun" : "")), since the sampler splits every step's batches over the ranks",
                          at: SourceLocation(file: path, line: (line ?? 0) + 1, column: column ?? 1))
    }

    /// The logged loss: the mean of the ranks' losses (every rank must call it at the same steps).
    func meanOverRanks(_ loss: Double) throws -> Double {
        try group.mean([loss])[0]
    }

    /// Samples the whole job trained at `step`: this rank's when alone, else the step's global
    /// batch as planned (every rank's batch size).
    func globalSamples(local: Int, plan: EpochPlan, step: Int) -> Int {
        worldSize == 1 ? local : plan.sampleOffset(step: step, rank: worldSize)
    }

    /// The samples of a step over all ranks, counted per bucket shape (`bucket/TxHxW`). Every rank
    /// holds the same epoch plan, so rank 0 counts the others' batches without communicating.
    func bucketCounts(local: [SampleRequest], plan: EpochPlan, step: Int) -> [String: Int] {
        let requests = worldSize == 1 ? local : (0..<worldSize).flatMap { plan.batch(step: step, rank: $0) }
        return Dictionary(grouping: requests) { "bucket/\($0.frames)x\($0.height)x\($0.width)" }.mapValues(\.count)
    }

    /// Ranks wait here for rank 0's files (a checkpoint, the final weights) to be complete.
    func waitForWriter() throws {
        guard worldSize > 1 else { return }
        try group.barrier()
    }

    /// Every rank must train every step of the epoch in lockstep (each step is a collective): a
    /// batch the loader skipped on one rank would make the ranks disagree on the step, so it stops
    /// the job instead (a single process just moves on).
    func checkInStep(expected: Int, actual: Int, epoch: Int) throws {
        guard worldSize > 1, actual != expected else { return }
        throw TrainingError("rank \(rank): no sample of batch \(expected) of epoch \(epoch) could be loaded; data-parallel ranks must train every step together, so the job stops (fix or remove the broken samples listed above)")
    }

    /// The closing line of the loop: the mean step time and, with several ranks, the gradient
    /// averaging's share of it (bench/mpi_bench.sh reads this line).
    func summary(loopSeconds: Double, updates: Int) -> String? {
        guard updates > 0 else { return nil }
        let step = loopSeconds / Double(updates) * 1000
        guard worldSize > 1, averagedUpdates > 0 else {
            return String(format: "training loop: 1 rank, %d updates, %.3f ms per step", updates, step)
        }
        let reduce = allreduceSeconds / Double(averagedUpdates) * 1000
        let wait = waitSeconds / Double(averagedUpdates) * 1000
        return String(format: "training loop: %d ranks, %d updates, %.3f ms per step, gradient allreduce %.3f ms per step (%.2f %% of a step; %d floats in %d call(s)), waiting for the slowest rank %.3f ms per step",
                      worldSize, updates, step, reduce, 100 * reduce / max(step, 1e-9), flat.count, allreduceCallsPerUpdate, wait)
    }
}
