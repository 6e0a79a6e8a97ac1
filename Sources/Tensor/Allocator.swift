#if canImport(Glibc)
import Glibc
#endif

extension Tensor {
    /// Makes glibc's malloc keep freed tensor storage for reuse instead of returning it to the
    /// system: large blocks come from the heap, not fresh `mmap`s, and the heap is not trimmed.
    /// A training step allocates and frees the same sizes every step; with glibc's defaults each
    /// step paid page faults and kernel page zeroing again (the demo image step: 26 ms → 17 ms).
    /// Process-wide; applied automatically the first time a kernel asks for the thread count.
    /// Does nothing where `mallopt` does not exist.
    public static func retainFreedMemory() {
        #if canImport(Glibc)
        // Looked up at run time: the Glibc module does not export <malloc.h>.
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
        let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
        let trimThreshold: Int32 = -1, mmapThreshold: Int32 = -3  // M_TRIM_THRESHOLD, M_MMAP_THRESHOLD
        _ = mallopt(mmapThreshold, 256 << 20)
        _ = mallopt(trimThreshold, 1 << 30)
        #endif
    }
}
