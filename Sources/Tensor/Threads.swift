import Foundation
import COpenBLAS

/// Why a thread count from the environment was refused.
public struct ThreadCountError: Error, CustomStringConvertible, Equatable {
    public let variable: String
    public let value: String
    public var description: String {
        "environment variable \(variable)=\"\(value)\": expected a positive integer number of threads"
    }
}

extension Tensor {
    /// The environment variable that sets the number of BLAS threads.
    public static let threadsEnvironmentVariable = "STRATA_THREADS"

    /// Sets the number of threads every later kernel uses (process-wide; call it at start-up).
    ///
    /// Products are split into row blocks over these threads by `Gemm` itself, and OpenBLAS is
    /// kept single-threaded (`openblas_set_num_threads(1)`): OpenBLAS' idle workers spin in
    /// `sched_yield` between calls, and on the dit's many small products that spinning took a
    /// third of both cores (measured with perf on a 2-core machine).
    public static func setThreads(_ count: Int) {
        precondition(count >= 1, "thread count must be positive, got \(count)")
        ThreadSetting.count = count
    }

    /// The number of threads kernels use.
    public static var threads: Int { ThreadSetting.count }

    /// The number of processor cores OpenBLAS detected.
    public static var cores: Int { Int(openblas_get_num_procs()) }

    /// The thread count to use: an explicit `configured` value wins, then `STRATA_THREADS` from
    /// `environment`, then the number of cores. Throws when the variable is not a positive integer.
    public static func threadCount(
        configured: Int? = nil, environment: [String: String]
    ) throws(ThreadCountError) -> Int {
        if let configured, configured >= 1 { return configured }
        if let text = environment[threadsEnvironmentVariable] {
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            guard let value = Int(trimmed), value >= 1 else {
                throw ThreadCountError(variable: threadsEnvironmentVariable, value: text)
            }
            return value
        }
        return max(cores, 1)
    }
}

/// The process-wide thread count, behind a lock (set at start-up, read by every kernel call).
enum ThreadSetting {
    private final class Box: @unchecked Sendable {
        let lock = NSLock()
        var value: Int
        init(_ value: Int) { self.value = value }
    }

    private static let box: Box = {
        // First use: OpenBLAS' own threads off, ours = its detected cores (or OPENBLAS_NUM_THREADS);
        // malloc set up for the allocate-and-free rhythm of training steps.
        Tensor.retainFreedMemory()
        BLASCore.ensureSelected()
        let detected = Int(openblas_get_num_threads())
        openblas_set_num_threads(1)
        return Box(max(detected, 1))
    }()

    static var count: Int {
        get { box.lock.withLock { box.value } }
        set { box.lock.withLock { box.value = newValue } }
    }
}
