import Foundation
import Testing
@testable import Tensor

/// The golden vectors of scripts/optimizer_golden.py (PyTorch, float32, CPU).
struct OptimizerGolden: Decodable {
    struct Step: Decodable { var lr: Float; var gradients: [[Float]]; var parameters: [[Float]] }
    struct Case: Decodable { var name: String; var initial: [[Float]]; var steps: [Step] }
    struct Clip: Decodable { var max_norm: Float; var gradients: [[Float]]; var norm: Float; var clipped: [[Float]] }
    struct Schedule: Decodable { var base: Double; var initial: Double?; var warmup: Int?; var floor: Double?; var total: Int?; var rates: [Double] }
    struct EMA: Decodable { var decay: Double; var initial: [[Float]]; var models: [[[Float]]]; var after: [[[Float]]] }
    var names: [String]
    var shapes: [[Int]]
    var optimizers: [Case]
    var clipping: [Clip]
    var schedules: [String: Schedule]
    var ema: EMA

    static let shared: OptimizerGolden = try! JSONDecoder().decode(OptimizerGolden.self, from: Data(optimizerGoldenJSON.utf8))

    func tensors(_ values: [[Float]]) -> [Tensor] { zip(shapes, values).map { Tensor(shape: $0, data: $1) } }
    func optimizerCase(_ name: String) -> Case { optimizers.first { $0.name == name }! }
}

/// Largest distance in units in the last place between two lists of floats.
func maxULPDistance(_ a: [Float], _ b: [Float]) -> Int {
    precondition(a.count == b.count)
    func ordered(_ x: Float) -> Int64 {
        let bits = Int64(Int32(bitPattern: x.bitPattern))
        return bits < 0 ? Int64(Int32.min) - bits : bits
    }
    return zip(a, b).map { Int(abs(ordered($0) - ordered($1))) }.max() ?? 0
}

func runGolden<O: Optimizer>(_ name: String, _ optimizer: O) -> Int {
    let golden = OptimizerGolden.shared
    let reference = golden.optimizerCase(name)
    var optimizer = optimizer
    var parameters = golden.tensors(reference.initial)
    var worst = 0
    for step in reference.steps {
        optimizer.step(parameters: &parameters, gradients: golden.tensors(step.gradients), learningRate: step.lr)
        for (tensor, expected) in zip(parameters, step.parameters) {
            worst = max(worst, maxULPDistance(tensor.data, expected))
        }
    }
    return worst
}

@Suite struct OptimizerReferenceTests {
    let golden = OptimizerGolden.shared

    // PyTorch's CPU kernels are vectorised (fused multiply-add in lerp), so a few elements may
    // differ in the last place; measured: AdamW and Adam bit-identical, Nesterov SGD 1 ulp; a wrong formula is off by far more.
    @Test func adamWMatchesTorch() {
        let ulps = runGolden("adamw", AdamW(names: golden.names, shapes: golden.shapes,
                                            settings: .init(beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.1)))
        #expect(ulps <= 2)
    }

    @Test func adamWWithOpenSoraEpsMatchesTorch() {
        let ulps = runGolden("adamw_eps15", AdamW(names: golden.names, shapes: golden.shapes,
                                                  settings: .init(beta1: 0.9, beta2: 0.95, eps: 1e-15)))
        #expect(ulps <= 2)
    }

    @Test func adamL2ModeMatchesTorchAdam() {
        let ulps = runGolden("adam_l2", AdamW(names: golden.names, shapes: golden.shapes,
                                              settings: .init(beta1: 0.8, beta2: 0.99, eps: 1e-6, weightDecay: 0.05, adamwMode: false)))
        #expect(ulps <= 2)
    }

    @Test func sgdVariantsMatchTorch() {
        #expect(runGolden("sgd_momentum", SGD(names: golden.names, shapes: golden.shapes, settings: .init(momentum: 0.9))) <= 2)
        #expect(runGolden("sgd_nesterov_wd", SGD(names: golden.names, shapes: golden.shapes,
                                                 settings: .init(momentum: 0.8, nesterov: true, weightDecay: 0.01))) <= 2)
        #expect(runGolden("sgd_plain", SGD(names: golden.names, shapes: golden.shapes)) <= 2)
    }

    @Test func clippingMatchesClipGradNorm() {
        for clip in golden.clipping {
            var gradients = golden.tensors(clip.gradients)
            let norm = clipGradientNorm(&gradients, maxNorm: clip.max_norm)
            #expect(maxULPDistance([norm], [clip.norm]) <= 2)
            for (tensor, expected) in zip(gradients, clip.clipped) {
                #expect(maxULPDistance(tensor.data, expected) <= 2)
            }
        }
        // One case clips, the other is below the limit and stays untouched.
        #expect(golden.clipping[0].norm > golden.clipping[0].max_norm)
        #expect(golden.clipping[1].clipped == golden.clipping[1].gradients)
    }

    @Test func warmupMatchesOpenSoraLinearWarmupLR() throws {
        for key in ["warmup", "no_warmup"] {
            let reference = try #require(golden.schedules[key])
            let schedule = LearningRateSchedule(baseLR: reference.base, warmupSteps: reference.warmup!, initialLR: reference.initial!)
            for (step, rate) in reference.rates.enumerated() {
                #expect(abs(schedule.rate(atStep: step) - rate) <= 1e-15, "step \(step)")
            }
        }
    }

    @Test func cosineMatchesTorchCosineAnnealing() throws {
        let reference = try #require(golden.schedules["cosine"])
        let schedule = LearningRateSchedule(baseLR: reference.base, decay: .cosine(totalSteps: reference.total!, floor: reference.floor!))
        for (step, rate) in reference.rates.enumerated() {
            // torch computes the cosine recursively; the closed form agrees to rounding.
            #expect(abs(schedule.rate(atStep: step) - rate) <= 1e-12 * reference.base, "step \(step)")
        }
        #expect(schedule.rate(atStep: 40) == reference.floor!)
    }

    @Test func emaMatchesOpenSoraUpdate() {
        let reference = golden.ema
        var ema = ExponentialMovingAverage(names: golden.names, initialWeights: golden.tensors(reference.initial),
                                           decay: reference.decay, frozen: [])
        for (model, expected) in zip(reference.models, reference.after) {
            ema.update(from: golden.tensors(model))
            for (tensor, values) in zip(ema.weights, expected) { #expect(maxULPDistance(tensor.data, values) <= 1) }
        }
    }
}
