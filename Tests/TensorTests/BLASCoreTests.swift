import Foundation
import Testing
@testable import Tensor

@Suite struct BLASCoreTests {
    private let avx512: Set<String> = ["sse4_2", "avx", "avx2", "fma", "avx512f", "avx512bw", "avx512dq", "avx512vl", "avx512cd"]

    @Test func aGenericFallbackIsReplacedByTheBestKernelsTheCPUCanRun() {
        #expect(BLASCore.upgrade(loadedCore: "Prescott", cpuFlags: avx512, environment: [:]) == "SkylakeX")
        #expect(BLASCore.upgrade(loadedCore: "Haswell", cpuFlags: avx512, environment: [:]) == "SkylakeX")
        #expect(BLASCore.upgrade(loadedCore: "Prescott", cpuFlags: ["avx", "avx2", "fma"], environment: [:]) == "Haswell")
        #expect(BLASCore.upgrade(loadedCore: "Nehalem", cpuFlags: ["avx"], environment: [:]) == "Sandybridge")
    }

    @Test func detectedKernelsTheUserChoiceAndUnknownCoresAreLeftAlone() {
        #expect(BLASCore.upgrade(loadedCore: "SkylakeX", cpuFlags: avx512, environment: [:]) == nil)
        #expect(BLASCore.upgrade(loadedCore: "Cooperlake", cpuFlags: avx512, environment: [:]) == nil)
        #expect(BLASCore.upgrade(loadedCore: "Zen", cpuFlags: ["avx", "avx2", "fma"], environment: [:]) == nil)
        #expect(BLASCore.upgrade(loadedCore: "Prescott", cpuFlags: avx512, environment: ["OPENBLAS_CORETYPE": "Prescott"]) == nil)
        #expect(BLASCore.upgrade(loadedCore: "Prescott", cpuFlags: ["sse3"], environment: [:]) == nil)
        #expect(BLASCore.upgrade(loadedCore: "neoversen1", cpuFlags: [], environment: [:]) == nil)
        // AVX2 without FMA (some early VIA and virtualised CPUs) cannot run Haswell's kernels.
        #expect(BLASCore.upgrade(loadedCore: "Prescott", cpuFlags: ["avx", "avx2"], environment: [:]) == "Sandybridge")
    }

    /// On this machine: the kernels in use are as good as its CPU allows (whatever OpenBLAS's
    /// own detection made of it), and products still agree with a naive loop.
    @Test func theKernelsInUseMatchThisCPU() throws {
        guard ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"] == nil,
              let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix("flags") })
        else { return }
        let flags = Set(line.split(separator: ":").last!.split(separator: " ").map(String.init))
        #expect(BLASCore.tier(ofCore: BLASCore.coreName) >= BLASCore.tier(ofCPUFlags: flags))
        var generator = SeededGenerator(seed: 3)
        let a = Tensor.normal(shape: [37, 29], using: &generator)
        let b = Tensor.normal(shape: [29, 41], using: &generator)
        var worst: Float = 0
        let product = Tensor.matmul(a, b)
        for i in 0..<37 {
            for j in 0..<41 {
                var sum: Float = 0
                for k in 0..<29 { sum += a.data[i * 29 + k] * b.data[k * 41 + j] }
                worst = max(worst, abs(sum - product.data[i * 41 + j]))
            }
        }
        #expect(worst < 1e-4)
    }
}
