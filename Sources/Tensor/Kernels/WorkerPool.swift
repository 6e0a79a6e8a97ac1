import Foundation
import Synchronization

/// The threads that run `ParallelLoop`'s chunks next to the calling thread.
///
/// Between two parallel kernels of a train step there are often only microseconds of serial
/// work, so the workers wait for the next region by watching one atomic word for a short while
/// before they sleep; `DispatchQueue.concurrentPerform` woke its threads per call, and the caller
/// had usually finished both halves of a small kernel before the second thread arrived.
///
/// One region runs at a time. The word `ticket` holds the region's generation, its number of
/// chunks and the next chunk to hand out; a thread claims a chunk by compare-and-exchange, so a
/// thread still looking at an old generation can never take (or skip) a chunk of a newer one, and
/// it touches the region's closure only while holding an unfinished chunk, which keeps the region
/// (and the closure) alive.
@available(macOS 15.0, *)
final class WorkerPool: @unchecked Sendable {
    static let shared = WorkerPool()

    // ticket = generation << 32 | chunks << 16 | next chunk; generations wrap at 2³¹.
    private static let indexBits = 16, chunkMask = (1 << 16) - 1, generationShift = 32
    private static let generationMask = (1 << 31) - 1
    private let ticket = Atomic<Int>(0)
    private let remaining = Atomic<Int>(0)
    private let sleepers = Atomic<Int>(0)
    private let wake = NSCondition()
    /// Held by the thread whose region is running; others (and nested calls) run serially.
    private let region = NSLock()
    /// Written by the caller only while no chunk is outstanding (see the type's note).
    private var job: ((Int) -> Void)?
    private var started = 0
    private let startLock = NSLock()

    /// Iterations a waiting worker watches `ticket` before it sleeps (tens of microseconds).
    private static let spinIterations = 40_000

    /// Runs `body(chunk)` for every chunk in `0..<chunks` on the calling thread and the workers;
    /// returns false (running nothing) when another region is in progress.
    func run(chunks: Int, workers: Int, _ body: (Int) -> Void) -> Bool {
        precondition(chunks > 0 && chunks <= Self.chunkMask, "chunk count \(chunks) out of range")
        guard region.try() else { return false }
        defer { region.unlock() }
        ensureWorkers(workers)
        withoutActuallyEscaping(body) { escapable in
            job = escapable
            remaining.store(chunks, ordering: .relaxed)
            let generation = ((ticket.load(ordering: .relaxed) >> Self.generationShift) + 1) & Self.generationMask
            ticket.store(generation << Self.generationShift | chunks << Self.indexBits, ordering: .sequentiallyConsistent)
            if sleepers.load(ordering: .sequentiallyConsistent) > 0 {
                wake.lock()
                wake.broadcast()
                wake.unlock()
            }
            runChunks(generation: generation)
            var spins = 0
            while remaining.load(ordering: .acquiring) > 0 {
                spins += 1
                // A worker descheduled mid-chunk may need this core: stop hogging it.
                if spins > 2_000 { sched_yield() }
            }
            job = nil
        }
        return true
    }

    /// Claims and runs chunks of `generation` until none is left.
    private func runChunks(generation: Int) {
        var current = ticket.load(ordering: .acquiring)
        while true {
            let chunks = (current >> Self.indexBits) & Self.chunkMask
            let index = current & Self.chunkMask
            guard current >> Self.generationShift == generation, index < chunks else { return }
            let (exchanged, original) = ticket.compareExchange(
                expected: current, desired: current + 1, ordering: .acquiringAndReleasing)
            guard exchanged else {
                current = original
                continue
            }
            runJob(index)
            remaining.subtract(1, ordering: .releasing)
            current = ticket.load(ordering: .acquiring)
        }
    }

    /// Not inlined so that the closure's retain and release both happen before the chunk is
    /// counted as done (after that the caller may end `withoutActuallyEscaping`).
    @inline(never)
    private func runJob(_ index: Int) {
        job!(index)
    }

    private func ensureWorkers(_ count: Int) {
        startLock.lock()
        defer { startLock.unlock() }
        // A new worker counts the generation before the caller's next region as seen, so it
        // joins that region even when it starts running after the region was posted.
        let current = ticket.load(ordering: .acquiring) >> Self.generationShift
        while started < count {
            let thread = Thread { [unowned self] in self.work(seen: current) }
            thread.name = "strata-tensor-worker"
            thread.start()
            started += 1
        }
    }

    private func work(seen initial: Int) {
        var seen = initial
        while true {
            var spins = 0
            var generation = ticket.load(ordering: .acquiring) >> Self.generationShift
            while generation == seen {
                spins += 1
                if spins >= Self.spinIterations {
                    wake.lock()
                    sleepers.add(1, ordering: .sequentiallyConsistent)
                    while ticket.load(ordering: .sequentiallyConsistent) >> Self.generationShift == seen { wake.wait() }
                    sleepers.subtract(1, ordering: .sequentiallyConsistent)
                    wake.unlock()
                    spins = 0
                }
                generation = ticket.load(ordering: .acquiring) >> Self.generationShift
            }
            seen = generation
            runChunks(generation: generation)
        }
    }
}
