import Buckets
import ConfigLang
import Foundation

/// What `strata sample` checks before it allocates anything: the size asked for against the sizes
/// the run trained on (its bucket table), and the memory the sampler will need against the
/// machine's. A 32px model asked for 256px would otherwise try to allocate tens of gigabytes for
/// attention over 64 times as many tokens, for a picture it never learned to draw.
public struct SampleBounds: Sendable {
    /// The resolutions of the run's bucket table, with the most frames any of them trained on.
    public var resolutions: [String]
    public var maxFrames: Int

    public init(config: ConfigNode) throws {
        let buckets = try BucketConfig(config: config)
        resolutions = buckets.resolutions.map(\.name)
        maxFrames = buckets.resolutions.flatMap { $0.frames.map(\.frames) }.max() ?? 1
    }

    /// Problems with a request: `refusals` stop it unless forced; `warnings` are said and it goes on.
    public func review(resolution: String, frames: Int) -> (refusals: [String], warnings: [String]) {
        var refusals: [String] = []
        var warnings: [String] = []
        if !resolutions.contains(resolution) {
            refusals.append("the model was trained at \(resolutions.joined(separator: ", ")), not \(resolution)")
        }
        if frames > maxFrames {
            warnings.append("\(frames) frames: the model was trained on at most \(maxFrames); later frames are beyond anything it saw")
        }
        return (refusals, warnings)
    }

    /// Bytes the sampler holds at its peak for a latent of `latentShape` ([1, C, T, H, W]): every
    /// guidance branch at once (`branches`), the attention scores of one block (tokens² per head),
    /// and the activations of one block (a few times tokens × width).
    public static func peakBytes(latentShape: [Int], configuration: DiTConfiguration, textTokens: Int, branches: Int) -> Double {
        let patch = configuration.patchSize
        let tokens = Double((latentShape[2] + patch.t - 1) / patch.t) * Double(latentShape[3] / max(patch.h, 1)) * Double(latentShape[4] / max(patch.w, 1))
        let sequence = tokens + Double(textTokens)
        let scores = Double(branches * configuration.numHeads) * sequence * sequence
        let activations = Double(branches) * sequence * Double(configuration.hiddenSize + configuration.mlpHiddenSize) * 8
        return (scores * 2 + activations) * Double(MemoryLayout<Float>.size)
    }

    /// An error when `bytes` is more than this machine can give (most of its physical memory).
    public static func memoryRefusal(_ bytes: Double, physical: UInt64 = ProcessInfo.processInfo.physicalMemory) -> String? {
        let budget = Double(physical) * 0.8
        guard bytes > budget else { return nil }
        return "sampling this size needs about \(gigabytes(bytes)) of memory; this machine has \(gigabytes(Double(physical))) (ask for fewer frames or a smaller resolution)"
    }

    static func gigabytes(_ bytes: Double) -> String {
        let gib = Double(1 << 30), mib = Double(1 << 20)
        return bytes >= gib ? String(format: "%.1f GB", bytes / gib) : String(format: "%.0f MB", bytes / mib)
    }
}
