import Foundation

/// Applies `work` to every item on `workers` threads (the calling thread is one of them) and
/// returns the results in input order. Threads, not tasks: each item blocks in FFmpeg for a long
/// time, and every worker must own its readers, which live on one thread from start to end.
public func parallelMap<Item: Sendable, Result: Sendable>(
    _ items: [Item], workers: Int, _ work: @escaping @Sendable (Item) -> Result
) -> [Result] {
    let state = ParallelState<Result>(count: items.count)
    let threads = max(1, min(workers, items.count))
    let group = DispatchGroup()
    let loop: @Sendable () -> Void = {
        while let index = state.claim() { state.store(work(items[index]), at: index) }
    }
    for _ in 1..<max(threads, 1) {
        group.enter()
        let thread = Thread {
            loop()
            group.leave()
        }
        thread.stackSize = 8 << 20
        thread.start()
    }
    loop()
    group.wait()
    return state.results()
}

private final class ParallelState<Result: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0
    private let count: Int
    private var slots: [Result?]

    init(count: Int) {
        self.count = count
        slots = Array(repeating: nil, count: count)
    }

    func claim() -> Int? {
        lock.withLock {
            guard next < count else { return nil }
            defer { next += 1 }
            return next
        }
    }

    func store(_ result: Result, at index: Int) { lock.withLock { slots[index] = result } }

    func results() -> [Result] { lock.withLock { slots.map { $0! } } }
}

/// Cores available to this process: the default worker count.
public var availableCores: Int { ProcessInfo.processInfo.activeProcessorCount }
