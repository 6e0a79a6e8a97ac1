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

    /// Sets the number of threads OpenBLAS uses for every later matrix product (process-wide).
    public static func setThreads(_ count: Int) {
        precondition(count >= 1, "thread count must be positive, got \(count)")
        openblas_set_num_threads(Int32(count))
    }

    /// The number of threads OpenBLAS currently uses.
    public static var threads: Int { Int(openblas_get_num_threads()) }

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
