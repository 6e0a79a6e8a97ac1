import Buckets
import Tensor

/// One batch as the trainer receives it: the samples that loaded, stacked, in the sampler's order.
public struct LoadedBatch: Sendable {
    /// The batch's place in the sampler's sequence (0-based), counting skipped batches too.
    public var position: Int
    /// `[B, C, T, H, W]`, B = `requests.count`.
    public var video: Tensor
    public var captions: [String]
    /// The requests that loaded, in the sampler's order (failed ones removed).
    public var requests: [SampleRequest]
    /// Per sample: the rate it is trained at (0 for images).
    public var fps: [Double]
    public var paths: [String]
    /// Samples that failed: this batch's, then (first) those of any batches skipped before it
    /// because none of their samples loaded.
    public var dropped: [DroppedSample]
    /// Positions of the batches skipped just before this one (no sample of theirs loaded).
    public var skippedBatches: [Int]
    /// The samples' `extras` stacked by name, `[B, ...]`.
    public var extras: [String: Tensor] = [:]
}

/// A sample left out of its batch, and why.
public struct DroppedSample: Error, Sendable, Equatable {
    /// The position of the batch it belonged to.
    public var batch: Int
    public var request: SampleRequest
    public var path: String
    public var reason: String
    /// The source says the run cannot go on without this sample (a precomputed latent or text
    /// embedding that is missing or does not fit the model), as opposed to a broken video, which
    /// training may skip.
    public var isFatal: Bool

    public init(batch: Int, request: SampleRequest, path: String, reason: String, isFatal: Bool = false) {
        self.batch = batch
        self.request = request
        self.path = path
        self.reason = reason
        self.isFatal = isFatal
    }
}

/// The result of loading one planned batch: a batch, or only drops when nothing loaded.
struct BatchOutcome: Sendable {
    var batch: LoadedBatch?
    var dropped: [DroppedSample]
}

extension VideoTextDataset: SampleSource {
    /// Loads one sample for the loader; a failure is reported (once per row) and returned as a drop.
    public func load(_ request: SampleRequest, batch position: Int, epoch: Int) -> Result<VideoTextSample, DroppedSample> {
        do throws(SampleError) {
            return .success(try sample(request, epoch: epoch))
        } catch {
            let path = request.index >= 0 && request.index < count ? self.path(row: request.index) : ""
            reportFailure(row: request.index, path: path, reason: error.message)
            return .failure(DroppedSample(batch: position, request: request, path: path, reason: error.message))
        }
    }
}

/// Stacks the samples that loaded into `[B, C, T, H, W]` (and their extras by name). Every sample of
/// a batch has the shape its request asks for, so they stack; one that does not (a sampler mixing
/// shapes, or an image given a multi-frame request) is dropped rather than crashing the run. Takes the results over and frees
/// each clip as soon as it is copied, so a batch never needs twice its size.
func assembleBatch(position: Int, results: inout [Result<VideoTextSample, DroppedSample>]) -> BatchOutcome {
    var samples: [VideoTextSample] = []
    var dropped: [DroppedSample] = []
    for result in results {
        switch result {
        case .success(let sample):
            if let first = samples.first, let reason = stackingProblem(sample, first: first) {
                dropped.append(DroppedSample(batch: position, request: sample.request, path: sample.path, reason: reason))
            } else {
                samples.append(sample)
            }
        case .failure(let drop):
            dropped.append(drop)
        }
    }
    results.removeAll()
    guard let shape = samples.first?.video.shape else { return BatchOutcome(batch: nil, dropped: dropped) }
    var data: [Float] = []
    data.reserveCapacity(samples.count * shape.reduce(1, *))
    for index in samples.indices {
        data.append(contentsOf: samples[index].video.data)
        samples[index].video = Tensor(shape: [0], data: [])
    }
    var extras: [String: Tensor] = [:]
    for (name, first) in samples[0].extras {
        extras[name] = Tensor(shape: [samples.count] + first.shape, data: samples.flatMap { $0.extras[name]!.data })
    }
    let batch = LoadedBatch(position: position, video: Tensor(shape: [samples.count] + shape, data: data),
                            captions: samples.map(\.caption), requests: samples.map(\.request), fps: samples.map(\.fps),
                            paths: samples.map(\.path), dropped: dropped, skippedBatches: [], extras: extras)
    return BatchOutcome(batch: batch, dropped: dropped)
}

/// Why `sample` cannot be stacked with the batch's `first`: another clip shape, or other extras.
private func stackingProblem(_ sample: VideoTextSample, first: VideoTextSample) -> String? {
    if first.video.shape != sample.video.shape {
        return "its clip is \(sample.video.shape) but the batch's first is \(first.video.shape)"
    }
    let shapes = sample.extras.mapValues(\.shape), firstShapes = first.extras.mapValues(\.shape)
    if shapes != firstShapes {
        return "its extra tensors are \(shapes.sorted { $0.key < $1.key }) but the batch's first has \(firstShapes.sorted { $0.key < $1.key })"
    }
    return nil
}
