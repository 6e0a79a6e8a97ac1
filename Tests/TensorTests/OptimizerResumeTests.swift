import Testing
@testable import Tensor

/// Deterministic pseudo-random gradients for the resume tests (SplitMix64 → [-1, 1)).
struct GradientStream {
    var state: UInt64
    mutating func next() -> Float {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return Float(z >> 40) / Float(1 << 23) - 1
    }
    mutating func tensors(_ shapes: [[Int]]) -> [Tensor] {
        shapes.map { shape in Tensor(shape: shape, data: (0..<shape.reduce(1, *)).map { _ in next() }) }
    }
}

@Suite struct OptimizerResumeTests {
    let names = ["embed.weight", "blocks.0.attn.qkv", "pos_embed"]
    let shapes = [[4, 6], [6, 18], [1, 8]]

    /// Runs `total` steps straight, and again with the state saved to disk after `split` steps and
    /// loaded into a fresh optimizer; the parameters must be bit-identical.
    func checkResume<O: Optimizer>(_ make: () -> O, total: Int = 9, split: Int = 4) throws {
        let schedule = LearningRateSchedule(baseLR: 3e-3, warmupSteps: 3)
        var stream = GradientStream(state: 7)
        let start = stream.tensors(shapes)
        let gradients = (0..<total).map { _ in stream.tensors(shapes) }

        var straight = make()
        var straightParameters = start
        for step in 0..<total {
            straight.step(parameters: &straightParameters, gradients: gradients[step], learningRate: schedule.learningRate(atStep: step))
        }

        var first = make()
        var parameters = start
        for step in 0..<split {
            first.step(parameters: &parameters, gradients: gradients[step], learningRate: schedule.learningRate(atStep: step))
        }
        let folder = try TemporaryFolder()
        try first.state().write(to: folder.path + "/optimizer.safetensors")
        try SafetensorsFile(tensors: Dictionary(uniqueKeysWithValues: zip(names, parameters))).write(to: folder.path + "/model.safetensors")

        var resumed = make()
        try resumed.restore(from: SafetensorsFile.read(folder.path + "/optimizer.safetensors"))
        let model = try SafetensorsFile.read(folder.path + "/model.safetensors")
        var resumedParameters = names.map { model[$0]! }
        #expect(resumed.stepCount == split)
        for step in split..<total {
            resumed.step(parameters: &resumedParameters, gradients: gradients[step], learningRate: schedule.learningRate(atStep: step))
        }
        #expect(resumedParameters == straightParameters)
        #expect(resumedParameters != start)
    }

    @Test func adamWResumesBitExactly() throws {
        try checkResume { AdamW(names: names, shapes: shapes, settings: .init(eps: 1e-15, weightDecay: 0.01)) }
    }

    @Test func sgdResumesBitExactly() throws {
        try checkResume { SGD(names: names, shapes: shapes, settings: .init(momentum: 0.9, nesterov: true)) }
    }

    @Test func restoreRejectsAnotherOptimizerOrModel() throws {
        var adam = AdamW(names: names, shapes: shapes)
        let sgdState = SGD(names: names, shapes: shapes, settings: .init(momentum: 0.9)).state()
        #expect(throws: OptimizerStateError.self) { try adam.restore(from: sgdState) }

        var state = adam.state()
        state.tensors["embed.weight.exp_avg"] = Tensor(shape: [2, 2])
        #expect(throws: OptimizerStateError.self) { try adam.restore(from: state) }

        var other = AdamW(names: ["a"], shapes: [[1]])
        #expect(throws: OptimizerStateError.self) { try other.restore(from: adam.state()) }
    }

    @Test func accumulatorAveragesAndResumesMidGroup() throws {
        var stream = GradientStream(state: 11)
        let micro = (0..<6).map { _ in stream.tensors(shapes) }
        var accumulator = GradientAccumulator(names: names, shapes: shapes, steps: 3)
        #expect(accumulator.add(micro[0]) == nil)
        #expect(accumulator.add(micro[1]) == nil)
        let completed = accumulator.add(micro[2])
        let mean = try #require(completed)
        for index in shapes.indices {
            for i in 0..<mean[index].count {
                let expected = (micro[0][index].data[i] + micro[1][index].data[i] + micro[2][index].data[i]) / 3
                #expect(abs(mean[index].data[i] - expected) <= 1e-6)
            }
        }
        // Save mid-group, restore into a fresh accumulator: the next mean is identical.
        #expect(accumulator.add(micro[3]) == nil)
        var resumed = GradientAccumulator(names: names, shapes: shapes, steps: 3)
        try resumed.restore(from: SafetensorsFile.decode(accumulator.state().encoded(), path: "accumulation"))
        #expect(resumed.pending == 1)
        _ = accumulator.add(micro[4]); _ = resumed.add(micro[4])
        #expect(accumulator.add(micro[5]) == resumed.add(micro[5]))
    }

    @Test func emaSkipsFrozenParametersAndRoundTrips() throws {
        var stream = GradientStream(state: 3)
        let start = stream.tensors(shapes)
        var ema = ExponentialMovingAverage(names: names, initialWeights: start, decay: 0.9)
        let next = stream.tensors(shapes)
        ema.update(from: next)
        #expect(ema.weights[2] == start[2])  // pos_embed is not averaged, as in Open-Sora
        #expect(ema.weights[0] != start[0])
        #expect(abs(ema.weights[0].data[0] - (0.9 * start[0].data[0] + 0.1 * next[0].data[0])) <= 1e-6)
        var restored = ExponentialMovingAverage(names: names, initialWeights: shapes.map { Tensor(shape: $0) }, decay: 0.9)
        try restored.restore(from: SafetensorsFile.decode(ema.state().encoded(), path: "ema"))
        #expect(restored == ema)
    }
}
