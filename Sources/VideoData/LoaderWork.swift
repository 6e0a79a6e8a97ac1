import Buckets
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Clip buffers are tens of MiB. glibc serves blocks above its mmap threshold with mmap and returns
/// them to the system when freed, but after the first such free it raises the threshold to that
/// size, and from then on freed clips stay in per-thread arenas, so the resident size drifts with
/// the timing of the workers. A fixed threshold (set once, process-wide) keeps RSS equal to what
/// the loader holds: at most `workers × prefetch` batches plus the clips in hand.
private let mmapThresholdFixed: Bool = {
    #if canImport(Glibc)
    // malloc.h is not part of the Glibc module: look mallopt up (M_MMAP_THRESHOLD is -3 in malloc.h).
    typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
    guard let symbol = dlsym(nil, "mallopt") else { return false }
    return unsafeBitCast(symbol, to: Mallopt.self)(-3, 4 << 20) == 1
    #else
    return false
    #endif
}()

private func fixMallocMmapThreshold() { _ = mmapThresholdFixed }

/// The state the loader's worker threads share: a FIFO of sample jobs, the batches being filled,
/// and the finished batches waiting for the consumer. One condition guards all of it.
///
/// Work is per sample, not per batch, so a batch's samples spread over the workers; a batch is
/// stacked by the worker that finishes its last sample. Results are stored by (batch, slot), so
/// the order they finish in never shows.
final class LoaderWork: @unchecked Sendable {
    private struct Job {
        var position: Int
        var slot: Int
        var request: SampleRequest
    }

    private struct Filling {
        var results: [Result<VideoTextSample, DroppedSample>?]
        var remaining: Int
    }

    private let condition = NSCondition()
    private var jobs: [Job] = []
    private var nextJob = 0
    private var filling: [Int: Filling] = [:]
    private var finished: [Int: BatchOutcome] = [:]
    private var closed = false
    private let dataset: any SampleSource
    private let epoch: Int

    init(dataset: any SampleSource, epoch: Int) {
        self.dataset = dataset
        self.epoch = epoch
        fixMallocMmapThreshold()
    }

    /// Starts `count` worker threads; they end when `close` is called.
    func startWorkers(_ count: Int) {
        for _ in 0..<count {
            let thread = Thread { [self] in workerLoop() }
            thread.stackSize = 8 << 20
            thread.name = "strata-loader"
            thread.start()
        }
    }

    /// Queues the samples of the batch at `position`.
    func submit(position: Int, requests: [SampleRequest]) {
        condition.withLock {
            if requests.isEmpty {
                finished[position] = BatchOutcome(batch: nil, dropped: [])
                condition.broadcast()
                return
            }
            filling[position] = Filling(results: Array(repeating: nil, count: requests.count), remaining: requests.count)
            for (slot, request) in requests.enumerated() { jobs.append(Job(position: position, slot: slot, request: request)) }
            condition.broadcast()
        }
    }

    /// Waits for the batch at `position` and hands it over (the loader keeps no copy).
    func take(position: Int) -> BatchOutcome {
        condition.withLock {
            while finished[position] == nil { condition.wait() }
            return finished.removeValue(forKey: position)!
        }
    }

    /// Workers finish the sample in hand and exit; queued work is abandoned.
    func close() {
        condition.withLock {
            closed = true
            jobs.removeAll()
            nextJob = 0
            condition.broadcast()
        }
    }

    private func workerLoop() {
        while let job = nextJobOrNil() {
            let result = dataset.load(job.request, batch: job.position, epoch: epoch)
            let complete: [Result<VideoTextSample, DroppedSample>]? = condition.withLock {
                guard !closed, var batch = filling[job.position] else { return nil }
                batch.results[job.slot] = result
                batch.remaining -= 1
                if batch.remaining > 0 {
                    filling[job.position] = batch
                    return nil
                }
                filling[job.position] = nil
                return batch.results.map { $0! }
            }
            guard var complete else { continue }
            // Stacking copies the clips once; done here so the consumer thread only receives.
            let outcome = assembleBatch(position: job.position, results: &complete)
            condition.withLock {
                finished[job.position] = outcome
                condition.broadcast()
            }
        }
    }

    private func nextJobOrNil() -> Job? {
        condition.withLock {
            while nextJob == jobs.count, !closed { condition.wait() }
            if closed { return nil }
            let job = jobs[nextJob]
            nextJob += 1
            if nextJob >= 64, nextJob * 2 >= jobs.count {
                // Drop the consumed jobs (amortised O(1)) so the queue does not grow over an epoch.
                jobs.removeFirst(nextJob)
                nextJob = 0
            }
            return job
        }
    }
}
