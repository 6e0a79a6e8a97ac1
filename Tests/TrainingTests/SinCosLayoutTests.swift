import Foundation
import Tensor
import Testing
@testable import Training

/// The two layouts of the fixed 3-D sin-cos positions (`model.sincos_layout`).
@Suite struct SinCosLayoutTests {
    /// Independent of the code under test: sin over the first half, cos over the second, with
    /// ω_i = 10000^(−i / half), as DiT's `get_1d_sincos_pos_embed_from_grid`.
    private func reference(_ position: Int, width: Int) -> [Float] {
        let half = width / 2
        let omegas = (0..<half).map { 1 / pow(10_000, Double($0) / Double(half)) }
        return omegas.map { Float(sin(Double(position) * $0)) } + omegas.map { Float(cos(Double(position) * $0)) }
    }

    private func features(_ grid: Tensor, frame t: Int, row y: Int, column x: Int, height: Int, width: Int) -> [Float] {
        let d = grid.shape[1]
        let base = ((t * height + y) * width + x) * d
        return Array(grid.data[base..<(base + d)])
    }

    @Test func summedAddsTheFrameTableOntoTheRowAndColumnTables() {
        let grid = PositionEmbedding.grid(frames: 3, height: 2, width: 4, features: 16, layout: .summed)
        for t in 0..<3 {
            for y in 0..<2 {
                for x in 0..<4 {
                    let spatial = reference(y, width: 8) + reference(x, width: 8)
                    let expected = zip(spatial, reference(t, width: 16)).map { $0 + $1 }
                    let seen = features(grid, frame: t, row: y, column: x, height: 2, width: 4)
                    #expect(zip(seen, expected).allSatisfy { abs($0 - $1) < 1e-6 })
                }
            }
        }
    }

    /// Split: rows, columns and frames each own their features (64 → 24 + 24 + 16), so the
    /// spatial features of a patch are the same on every frame and frame t changes only its own.
    @Test func splitGivesEachAxisItsOwnFeatures() {
        let (frames, height, width) = (4, 3, 2)
        let grid = PositionEmbedding.grid(frames: frames, height: height, width: width, features: 64, layout: .split)
        for t in 0..<frames {
            for y in 0..<height {
                for x in 0..<width {
                    let expected = reference(y, width: 24) + reference(x, width: 24) + reference(t, width: 16)
                    let seen = features(grid, frame: t, row: y, column: x, height: height, width: width)
                    #expect(zip(seen, expected).allSatisfy { abs($0 - $1) < 1e-6 })
                }
            }
        }
        // Summed, the row features of frame 1 differ from frame 0's; split, they do not.
        let summed = PositionEmbedding.grid(frames: 2, height: 1, width: 1, features: 64, layout: .summed)
        let split = PositionEmbedding.grid(frames: 2, height: 1, width: 1, features: 64, layout: .split)
        #expect(summed.data[0..<48] != summed.data[64..<112])
        #expect(split.data[0..<48] == split.data[64..<112])
        #expect(split.data[48..<64] != split.data[112..<128])
    }

    /// Widths that are not a multiple of 16 still fill every feature, each part in sin-cos pairs.
    @Test(arguments: [16, 24, 40, 96])
    func splitFillsEveryFeature(width: Int) {
        let time = 4 * (width / 16), space = (width - time) / 2
        #expect(time % 2 == 0 && space % 2 == 0 && time + 2 * space == width)
        let grid = PositionEmbedding.grid(frames: 2, height: 2, width: 2, features: width, layout: .split)
        // cos(0) = 1 sits in the second half of each part at position 0.
        let origin = features(grid, frame: 0, row: 0, column: 0, height: 2, width: 2)
        #expect(origin == reference(0, width: space) + reference(0, width: space) + reference(0, width: time))
    }

    @Test func theLayoutReachesTheOutputOfAVideoButNotTheShapeOfTheWeights() {
        var configuration = tinyConfiguration(.inContext)
        configuration.hiddenSize = 16
        var summed = DiT(configuration, seed: 1)
        randomizeParameters(&summed, seed: 2)
        configuration.sinCosLayout = .split
        var split = DiT(configuration, seed: 1)
        #expect(split.parameterNames == summed.parameterNames)
        split.parameters = summed.parameters
        #expect(split(tinyInput()).0.maxAbsoluteDifference(summed(tinyInput()).0) > 1e-3)
    }

    @Test func splitIsRefusedWhereItCannotApply() {
        var configuration = tinyConfiguration(.adalnZero)
        configuration.sinCosLayout = .split
        #expect(configuration.problems().map(\.description)
                == ["sincos_layout: split needs hidden_size of at least 16 (a quarter for time, in pairs), got 8"])
        var rotary = tinyRotaryConfiguration(.inContext)
        rotary.sinCosLayout = .split
        #expect(rotary.problems().map(\.key) == ["sincos_layout"])
    }
}
