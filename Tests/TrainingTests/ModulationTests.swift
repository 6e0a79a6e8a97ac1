import Tensor
import Testing
@testable import Training

/// The adaLN kernels against plain loops over the same formulas. The tensors are large enough to
/// be split over the threads (3 samples of 700 tokens × 32), and the split keeps each sample's
/// gradient sums in token order, so the results are exactly the plain loops'.
@Suite struct ModulationTests {
    let batch = 3, tokens = 700, d = 32, chunks = 6

    @Test func forwardPassesMatchPlainLoops() {
        let x = normalTensor([batch, tokens, d], seed: 80)
        let branch = normalTensor([batch, tokens, d], seed: 81)
        let mod = normalTensor([batch, chunks * d], seed: 82)
        let modulated = Modulation.modulate(x, mod, shift: 3, scale: 4)
        let gated = Modulation.gatedAdd(x, branch, mod, gate: 5)
        for b in 0..<batch {
            for n in 0..<tokens {
                for j in 0..<d {
                    let (i, m) = ((b * tokens + n) * d + j, b * chunks * d + j)
                    #expect(modulated.data[i] == x.data[i] * (1 + mod.data[m + 4 * d]) + mod.data[m + 3 * d])
                    #expect(gated.data[i] == x.data[i] + mod.data[m + 5 * d] * branch.data[i])
                }
            }
        }
    }

    @Test func backwardPassesMatchPlainLoops() {
        let x = normalTensor([batch, tokens, d], seed: 83)
        let dy = normalTensor([batch, tokens, d], seed: 84)
        let mod = normalTensor([batch, chunks * d], seed: 85)
        var dMod = normalTensor([batch, chunks * d], seed: 86)
        var expectedMod = dMod
        let dx = Modulation.modulateBackward(dy, input: x, mod, shift: 0, scale: 1, dMod: &dMod)
        let dBranch = Modulation.gatedAddBackward(dy, branch: x, mod, gate: 2, dMod: &dMod)
        var expectedDx = [Float](repeating: 0, count: dy.count)
        var expectedBranch = [Float](repeating: 0, count: dy.count)
        for b in 0..<batch {
            for n in 0..<tokens {
                for j in 0..<d {
                    let (i, m) = ((b * tokens + n) * d + j, b * chunks * d + j)
                    expectedDx[i] = dy.data[i] * (1 + mod.data[m + d])
                    expectedMod.data[m] += dy.data[i]
                    expectedMod.data[m + d] += dy.data[i] * x.data[i]
                }
            }
            for n in 0..<tokens {
                for j in 0..<d {
                    let (i, m) = ((b * tokens + n) * d + j, b * chunks * d + j)
                    expectedBranch[i] = dy.data[i] * mod.data[m + 2 * d]
                    expectedMod.data[m + 2 * d] += dy.data[i] * x.data[i]
                }
            }
        }
        #expect(dx.data == expectedDx)
        #expect(dBranch.data == expectedBranch)
        #expect(dMod == expectedMod)
    }
}
