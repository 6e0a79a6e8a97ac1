import Foundation

/// The ranks of a data-parallel job and the collectives the trainer needs. `SingleProcess` is the
/// group of an ordinary run (no MPI at all); `MPIProcessGroup` the one of a job launched by
/// `mpirun`/`srun`. Collectives must be called by every rank in the same order (MPI's rule).
public protocol ProcessGroup: AnyObject, Sendable {
    /// This process's rank, `0..<worldSize`; rank 0 writes the run's files.
    var rank: Int { get }
    var worldSize: Int { get }
    /// Ranks on this machine (they share its cores).
    var localSize: Int { get }
    /// Sums `buffer` over all ranks, in place (every rank gets the sum).
    func allreduceSum(_ buffer: UnsafeMutableBufferPointer<Float>) throws
    func allreduceSum(_ buffer: UnsafeMutableBufferPointer<Double>) throws
    /// Every rank's `buffer` becomes `root`'s (the sizes must agree).
    func broadcast(_ buffer: UnsafeMutableRawBufferPointer, root: Int) throws
    /// Returns once every rank has called it.
    func barrier() throws
    /// Ends every rank of the job now, with `errorCode` as the job's exit status.
    func abort(errorCode: Int32) -> Never
    /// The orderly end of a successful job (after the last collective).
    func finish()
}

/// A collective failed (the message is MPI's own error text).
public struct ProcessGroupError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

extension ProcessGroup {
    public var isSingle: Bool { worldSize == 1 }

    public func allreduceSum(_ values: inout [Float]) throws {
        try values.withUnsafeMutableBufferPointer { (buffer) in try allreduceSum(buffer) }
    }

    public func allreduceSum(_ values: inout [Double]) throws {
        try values.withUnsafeMutableBufferPointer { (buffer) in try allreduceSum(buffer) }
    }

    public func broadcast(_ values: inout [Float], root: Int = 0) throws {
        try values.withUnsafeMutableBytes { (bytes) in try broadcast(bytes, root: root) }
    }

    /// Rank `root`'s value of `value` on every rank.
    public func broadcast(_ value: Int, root: Int = 0) throws -> Int {
        var copy = Int64(value)
        try withUnsafeMutableBytes(of: &copy) { (bytes) in try broadcast(bytes, root: root) }
        return Int(copy)
    }

    /// The mean over ranks of each value.
    public func mean(_ values: [Double]) throws -> [Double] {
        guard worldSize > 1 else { return values }
        var sums = values
        try allreduceSum(&sums)
        return sums.map { $0 / Double(worldSize) }
    }
}

/// An ordinary single-process run: every collective is the identity and costs nothing.
public final class SingleProcess: ProcessGroup {
    public init() {}
    public var rank: Int { 0 }
    public var worldSize: Int { 1 }
    public var localSize: Int { 1 }
    public func allreduceSum(_ buffer: UnsafeMutableBufferPointer<Float>) throws {}
    public func allreduceSum(_ buffer: UnsafeMutableBufferPointer<Double>) throws {}
    public func broadcast(_ buffer: UnsafeMutableRawBufferPointer, root: Int) throws {}
    public func barrier() throws {}
    public func abort(errorCode: Int32) -> Never { exit(errorCode) }
    public func finish() {}
}
