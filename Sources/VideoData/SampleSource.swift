import Buckets

/// Where the loader's samples come from: a request (table row and bucket shape) becomes a sample
/// or a drop saying why. `VideoTextDataset` decodes clips; a trainer on precomputed latents reads
/// tensors from files instead, and the loader's threads, prefetch and ordering serve both alike.
/// Implementations are called from several loader threads at once.
public protocol SampleSource: Sendable {
    /// Loads one sample of the batch at `position`; never throws, a failure is a `DroppedSample`.
    func load(_ request: SampleRequest, batch position: Int, epoch: Int) -> Result<VideoTextSample, DroppedSample>
}
