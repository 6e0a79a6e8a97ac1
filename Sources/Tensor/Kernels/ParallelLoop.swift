import Dispatch

/// Splits `count` independent iterations into contiguous ranges run on up to `Tensor.threads`
/// threads (OpenBLAS itself stays single-threaded, see `Tensor.setThreads`): the caller and the
/// `WorkerPool`'s threads (Dispatch before macOS 15).
public enum ParallelLoop {
    /// Calls `body(range)` for disjoint ranges covering `0..<count`; each range runs on one thread.
    public static func ranges(_ count: Int, _ body: (Range<Int>) -> Void) {
        let workers = min(Tensor.threads, count)
        guard workers > 1 else {
            if count > 0 { body(0..<count) }
            return
        }
        // The ranges are disjoint and `body` writes only its own range's outputs; the closure does
        // not escape this call.
        if #available(macOS 15.0, *) {
            func chunk(_ worker: Int) {
                let start = count * worker / workers
                let end = count * (worker + 1) / workers
                if start < end { body(start..<end) }
            }
            if !WorkerPool.shared.run(chunks: workers, workers: workers - 1, chunk) {
                // Another region is running (or this is a nested call): the same ranges, in turn.
                for worker in 0..<workers { chunk(worker) }
            }
            return
        }
        nonisolated(unsafe) let work = body
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            let start = count * worker / workers
            let end = count * (worker + 1) / workers
            if start < end { work(start..<end) }
        }
    }
}
