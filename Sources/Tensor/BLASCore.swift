import COpenBLAS
import Foundation

/// Which of OpenBLAS' kernel sets ("core") runs the products, and a correction for CPUs the
/// installed OpenBLAS does not know.
///
/// OpenBLAS built with `DYNAMIC_ARCH` (Debian's, Ubuntu's) picks its kernels from the CPU model
/// when it loads. A release older than the CPU does not know the model and falls back to
/// Prescott's SSE3 kernels: OpenBLAS 0.3.21 (Debian 12) on a Xeon of family 6, model 207 (Emerald
/// Rapids, AVX-512) ran sgemm at 33 GFLOP/s on one thread where its SkylakeX kernels reach 153
/// (512³, measured with `strata-tensor-bench sgemm`). The features the CPU reports are what
/// matter, so when they allow a better kernel set than the loaded one, it is selected the way
/// `OPENBLAS_CORETYPE` would select it. A `OPENBLAS_CORETYPE` set by the user always wins.
public enum BLASCore {
    /// Kernel families in increasing order of the instructions they need.
    public enum Tier: Int, Comparable, Sendable {
        case sse = 0, avx, avx2, avx512

        public static func < (a: Tier, b: Tier) -> Bool { a.rawValue < b.rawValue }

        /// The `OPENBLAS_CORETYPE` name of the tier's reference kernel set (nil: nothing to ask for).
        var coreType: String? {
            switch self {
            case .sse: nil
            case .avx: "Sandybridge"
            case .avx2: "Haswell"
            case .avx512: "SkylakeX"
            }
        }
    }

    /// The tier of an OpenBLAS core name (`openblas_get_corename()`). Names not listed (other
    /// architectures, future cores) count as good enough: they are never replaced.
    public static func tier(ofCore name: String) -> Tier {
        switch name.lowercased() {
        case "skylakex", "cooperlake", "sapphirerapids": .avx512
        case "haswell", "zen", "excavator", "steamroller", "piledriver", "bulldozer": .avx2
        case "sandybridge": .avx
        case "prescott", "core2", "penryn", "dunnington", "nehalem", "atom", "katmai", "coppermine",
             "northwood", "banias", "opteron", "opteron_sse3", "barcelona", "bobcat", "nano", "unknown":
            .sse
        default: .avx512
        }
    }

    /// The best tier a CPU with these feature flags (as `/proc/cpuinfo` lists them) can run.
    public static func tier(ofCPUFlags flags: Set<String>) -> Tier {
        let avx2 = flags.contains("avx2") && flags.contains("fma")
        if avx2 && ["avx512f", "avx512bw", "avx512dq", "avx512vl", "avx512cd"].allSatisfy(flags.contains) { return .avx512 }
        if avx2 { return .avx2 }
        if flags.contains("avx") { return .avx }
        return .sse
    }

    /// The core type to ask for, or nil when the loaded one is as good as the CPU allows or the
    /// user chose one.
    public static func upgrade(loadedCore: String, cpuFlags: Set<String>, environment: [String: String]) -> String? {
        if let chosen = environment["OPENBLAS_CORETYPE"], !chosen.isEmpty { return nil }
        let possible = tier(ofCPUFlags: cpuFlags)
        guard possible > tier(ofCore: loadedCore) else { return nil }
        return possible.coreType
    }

    /// The kernel set in use (after the correction, which runs on first use of any tensor kernel).
    public static var coreName: String {
        ensureSelected()
        return openblas_get_corename().map { String(cString: $0) } ?? "unknown"
    }

    /// Runs the correction once; every entry point into OpenBLAS calls this before its first product.
    @inline(__always)
    static func ensureSelected() { _ = selection }

    private static let selection: Void = {
        let loaded = openblas_get_corename().map { String(cString: $0) } ?? "unknown"
        guard let wanted = upgrade(loadedCore: loaded, cpuFlags: cpuFlags(), environment: ProcessInfo.processInfo.environment),
              let quit = symbol("gotoblas_dynamic_quit"), let initialise = symbol("gotoblas_dynamic_init")
        else { return }
        // gotoblas_dynamic_init reads OPENBLAS_CORETYPE; nothing has run on OpenBLAS yet, so its
        // buffers and (idle, single) thread are unaffected by the swap. Child processes inherit
        // the variable and start with the same kernels.
        setenv("OPENBLAS_CORETYPE", wanted, 1)
        quit()
        initialise()
    }()

    private typealias VoidFunction = @convention(c) () -> Void

    /// A function OpenBLAS exports only when built with DYNAMIC_ARCH.
    private static func symbol(_ name: String) -> VoidFunction? {
        // The process' global scope: the executable and the libraries it loaded, OpenBLAS among them.
        guard let address = dlsym(dlopen(nil, RTLD_NOW), name) else { return nil }
        return unsafeBitCast(address, to: VoidFunction.self)
    }

    /// The CPU's feature flags from `/proc/cpuinfo` (empty where there is none: no correction).
    private static func cpuFlags() -> Set<String> {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix("flags") }),
              let colon = line.firstIndex(of: ":")
        else { return [] }
        return Set(line[line.index(after: colon)...].split(separator: " ").map(String.init))
    }
}
