import Buckets

/// Loads the batches a sampler plans, on `workers` threads, and delivers them in the sampler's order.
///
/// - At most `workers × prefetch` batches are queued or loaded ahead of the consumer (PyTorch's
///   `prefetch_factor` per worker), so memory is bounded by that many batches whatever the epoch
///   length; with `workers == 0` each batch is loaded on the consumer's thread when asked for.
/// - Every random choice comes from (seed, epoch, row) (`SampleDraws`), and batches are delivered by
///   position, so the batches are the same for any worker count and any timing.
/// - A sample that fails is dropped from its batch and reported once per row (through the dataset's
///   `report`); a batch in which nothing loaded is skipped and the next one delivered, carrying the
///   drops in `dropped` and the skipped positions in `skippedBatches`.
///
/// The sampler's sequence is iterated on the consumer's thread only, lazily, as batches are needed.
/// Each iteration (`makeIterator`) starts its own threads; they stop when the iterator is finished
/// or released (breaking out of a `for` loop is fine).
public struct Loader: Sequence {
    public let dataset: any SampleSource
    public let workers: Int
    public let prefetch: Int
    public let epoch: Int
    private let batches: AnySequence<[SampleRequest]>

    public init(dataset: any SampleSource, batches: some Sequence<[SampleRequest]>, workers: Int,
                prefetch: Int = 2, epoch: Int = 0) {
        self.dataset = dataset
        self.batches = AnySequence(batches)
        self.workers = Swift.max(0, workers)
        self.prefetch = Swift.max(1, prefetch)
        self.epoch = epoch
    }

    public func makeIterator() -> LoaderIterator {
        LoaderIterator(dataset: dataset, batches: batches.makeIterator(), workers: workers, prefetch: prefetch, epoch: epoch)
    }
}

/// One pass over a `Loader`. Owns its worker threads (started on the first `next()`).
public final class LoaderIterator: IteratorProtocol {
    private let dataset: any SampleSource
    private var upstream: AnyIterator<[SampleRequest]>
    private let workers: Int
    private let capacity: Int
    private let epoch: Int
    private var work: LoaderWork?
    private var submitted = 0
    private var delivered = 0
    private var upstreamDone = false
    private var ended = false
    /// After the last batch: the drops of trailing batches in which nothing loaded (no later batch
    /// was left to carry them).
    public private(set) var droppedAtEnd: [DroppedSample] = []

    init(dataset: any SampleSource, batches: AnyIterator<[SampleRequest]>, workers: Int, prefetch: Int, epoch: Int) {
        self.dataset = dataset
        upstream = batches
        self.workers = workers
        capacity = workers * prefetch
        self.epoch = epoch
    }

    deinit { work?.close() }

    /// Batches handed to the workers and not yet delivered (never more than `workers × prefetch`).
    public var batchesAhead: Int { submitted - delivered }

    public func next() -> LoadedBatch? {
        guard !ended else { return nil }
        var carried: [DroppedSample] = []
        var skipped: [Int] = []
        while let outcome = nextOutcome() {
            if var batch = outcome.batch {
                batch.dropped = carried + batch.dropped
                batch.skippedBatches = skipped
                return batch
            }
            carried += outcome.dropped
            skipped.append(delivered - 1)
        }
        droppedAtEnd = carried
        finish()
        return nil
    }

    /// The outcome of the next batch in order, loading ahead up to the capacity; nil at the end.
    private func nextOutcome() -> BatchOutcome? {
        guard workers > 0 else {
            guard let requests = pull() else { return nil }
            let position = delivered
            delivered += 1
            var results = requests.map { dataset.load($0, batch: position, epoch: epoch) }
            return assembleBatch(position: position, results: &results)
        }
        let work = startedWork()
        while submitted - delivered < capacity, let requests = pull() {
            work.submit(position: submitted, requests: requests)
            submitted += 1
        }
        guard delivered < submitted else { return nil }
        let outcome = work.take(position: delivered)
        delivered += 1
        return outcome
    }

    private func pull() -> [SampleRequest]? {
        guard !upstreamDone else { return nil }
        if let batch = upstream.next() { return batch }
        upstreamDone = true
        return nil
    }

    private func startedWork() -> LoaderWork {
        if let work { return work }
        let created = LoaderWork(dataset: dataset, epoch: epoch)
        created.startWorkers(workers)
        work = created
        return created
    }

    private func finish() {
        ended = true
        work?.close()
        work = nil
    }
}
