import CMPI
import Foundation

/// MPI_COMM_WORLD of a job started by `mpirun`/`srun`: the one owner of the MPI library's state
/// (MPI_Init_thread on creation, MPI_Finalize in `finish`, MPI_Abort in `abort`). Only the thread
/// that created it calls MPI (MPI_THREAD_FUNNELED): the trainer's worker threads never do.
public final class MPIProcessGroup: ProcessGroup, @unchecked Sendable {
    public let rank: Int
    public let worldSize: Int
    public let localSize: Int
    /// Collectives on larger buffers go in chunks of this many elements (MPI counts are Int32;
    /// a few ~16 MB messages also keep Open MPI's pipelining efficient).
    public static let chunkElements = 4 << 20

    public init() throws {
        var provided: Int32 = 0
        let status = MPI_Init_thread(nil, nil, Int32(MPI_THREAD_FUNNELED), &provided)
        guard status == MPI_SUCCESS else { throw ProcessGroupError("MPI_Init_thread failed with code \(status)") }
        let world = cmpi_comm_world()
        // Errors come back as codes (turned into Swift errors) instead of killing the job silently.
        MPI_Comm_set_errhandler(world, cmpi_errors_return())
        var rank: Int32 = 0, size: Int32 = 0
        MPI_Comm_rank(world, &rank)
        MPI_Comm_size(world, &size)
        self.rank = Int(rank)
        worldSize = Int(size)
        var node: MPI_Comm? = cmpi_comm_null()
        var local: Int32 = 1
        if MPI_Comm_split_type(world, Int32(MPI_COMM_TYPE_SHARED), rank, cmpi_info_null(), &node) == MPI_SUCCESS {
            MPI_Comm_size(node, &local)
            MPI_Comm_free(&node)
        }
        localSize = Int(local)
    }

    public func allreduceSum(_ buffer: UnsafeMutableBufferPointer<Float>) throws {
        try inChunks(buffer.count) { (offset, count) in
            try check(MPI_Allreduce(cmpi_in_place(), buffer.baseAddress! + offset, Int32(count), cmpi_float(), cmpi_sum(), cmpi_comm_world()), "MPI_Allreduce")
        }
    }

    public func allreduceSum(_ buffer: UnsafeMutableBufferPointer<Double>) throws {
        try inChunks(buffer.count) { (offset, count) in
            try check(MPI_Allreduce(cmpi_in_place(), buffer.baseAddress! + offset, Int32(count), cmpi_double(), cmpi_sum(), cmpi_comm_world()), "MPI_Allreduce")
        }
    }

    public func broadcast(_ buffer: UnsafeMutableRawBufferPointer, root: Int) throws {
        try inChunks(buffer.count) { (offset, count) in
            try check(MPI_Bcast(buffer.baseAddress! + offset, Int32(count), cmpi_byte(), Int32(root), cmpi_comm_world()), "MPI_Bcast")
        }
    }

    public func barrier() throws {
        try check(MPI_Barrier(cmpi_comm_world()), "MPI_Barrier")
    }

    public func abort(errorCode: Int32) -> Never {
        MPI_Abort(cmpi_comm_world(), errorCode)
        exit(errorCode)  // MPI_Abort does not return; this satisfies the type checker.
    }

    public func finish() {
        MPI_Finalize()
    }

    private func inChunks(_ count: Int, _ body: (Int, Int) throws -> Void) throws {
        var offset = 0
        while offset < count {
            let length = min(Self.chunkElements, count - offset)
            try body(offset, length)
            offset += length
        }
    }

    private func check(_ status: Int32, _ call: String) throws {
        guard status != MPI_SUCCESS else { return }
        var text = [CChar](repeating: 0, count: Int(MPI_MAX_ERROR_STRING) + 1)
        var length: Int32 = 0
        MPI_Error_string(status, &text, &length)
        let message = String(decoding: text.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        throw ProcessGroupError("\(call) failed on rank \(rank) of \(worldSize): \(message)")
    }
}
