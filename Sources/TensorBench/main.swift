// The timer behind bench/tensor_*.sh (not a user tool).
//   strata-tensor-bench sgemm [THREADS]
//       GFLOP/s of Tensor.matmul (allocating its result) against bare cblas_sgemm into a
//       preallocated buffer, for square and dit-shaped products.
//   strata-tensor-bench core
//       The OpenBLAS kernel set the products run on (after BLASCore's correction).
//   strata-tensor-bench train-step B C T H W [THREADS] [REPS] [CONDITIONING] [TEXT_LEN]
//       Median milliseconds of one forward + backward (MSE loss) of the demo dit
//       (hidden 64, depth 2, 4 heads, patch (1, 4, 4), TEXT_LEN (32) text tokens of 64).
//   strata-tensor-bench parallel
//       How two threads share small kernels (see benchParallel).
//   strata-tensor-bench attention B N [THREADS] [REPS]
//       Median milliseconds of the demo dit's self-attention (64 features, 4 heads, a key mask)
//       over [B, N, 64] tokens: forward, then backward.
import COpenBLAS
import Foundation
import Tensor
import Training

func seconds(_ body: () -> Void) -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

/// Best time of `reps` runs after one warm-up.
func best(reps: Int, _ body: () -> Void) -> Double {
    body()
    return (0..<reps).map { _ in seconds(body) }.min()!
}

func median(reps: Int, _ body: () -> Void) -> Double {
    body()
    let times = (0..<reps).map { _ in seconds(body) }.sorted()
    return times[times.count / 2]
}

func benchSgemm() {
    // (m, n, k): squares, then the dit's largest products (tokens × hidden × 4·hidden).
    let shapes = [(256, 256, 256), (512, 512, 512), (1024, 1024, 1024), (1024, 256, 64), (2304, 192, 64), (2304, 64, 256)]
    for (m, n, k) in shapes {
        var generator = SeededGenerator(seed: 1)
        let a = Tensor.normal(shape: [m, k], using: &generator)
        let b = Tensor.normal(shape: [k, n], using: &generator)
        var c = [Float](repeating: 0, count: m * n)
        let flops = 2.0 * Double(m * n * k)
        let reps = max(3, min(200, Int(2e10 / flops)))
        // Bare cblas with OpenBLAS' own threading at the same thread count: the machine's peak.
        openblas_set_num_threads(Int32(Tensor.threads))
        let bare = best(reps: reps) {
            a.data.withUnsafeBufferPointer { pa in
                b.data.withUnsafeBufferPointer { pb in
                    c.withUnsafeMutableBufferPointer { pc in
                        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, blasint(m), blasint(n), blasint(k), 1,
                                    pa.baseAddress, blasint(k), pb.baseAddress, blasint(n), 0, pc.baseAddress, blasint(n))
                    }
                }
            }
        }
        openblas_set_num_threads(1)
        var sink: Float = 0
        let ours = best(reps: reps) { sink += Tensor.matmul(a, b).data[0] }
        print(String(format: "sgemm %5dx%5dx%5d  cblas %7.1f GFLOP/s  Tensor.matmul %7.1f GFLOP/s  ratio %.2f",
                     m, n, k, flops / bare / 1e9, flops / ours / 1e9, bare / ours) + (sink.isNaN ? " " : ""))
    }
}

func benchTrainStep(_ shape: [Int], reps: Int, conditioning: TextConditioning, textLength: Int) {
    let configuration = DiTConfiguration(
        inChannels: shape[1], patchSize: PatchSize(t: 1, h: 4, w: 4), hiddenSize: 64, depth: 2, numHeads: 4,
        textConditioning: conditioning, textDim: 64)
    var model = DiT(configuration, seed: 0)
    var generator = SeededGenerator(seed: 1)
    // Non-zero weights everywhere so nothing is skipped by accident (zero-init layers compute anyway).
    model.parameters = model.parameters.map { .normal(shape: $0.shape, std: 0.02, using: &generator) }
    let batch = shape[0]
    let input = DiTInput(
        latent: .normal(shape: shape, using: &generator), timesteps: (0..<batch).map { Float($0 + 1) / Float(batch + 1) },
        text: .normal(shape: [batch, textLength, 64], using: &generator),
        textMask: [Bool](repeating: true, count: batch * textLength))
    let target = Tensor.normal(shape: shape, using: &generator)
    let time = median(reps: reps) {
        let (prediction, cache) = model(input)
        let (_, gradient) = FlowLoss.meanSquaredError(prediction: prediction, target: target)
        model.backward(cache: cache, outputGradient: gradient)
    }
    print(String(format: "train-step %@ %@ params %d  median %.2f ms", "\(shape)", conditioning.rawValue, model.parameterCount, time * 1000))
}

func benchAttention(batch: Int, tokens: Int, reps: Int) {
    var generator = SeededGenerator(seed: 1)
    var layer = SelfAttention(64, heads: 4, using: &generator)
    let x = Tensor.normal(shape: [batch, tokens, 64], using: &generator)
    let dy = Tensor.normal(shape: [batch, tokens, 64], using: &generator)
    let mask = [Bool](repeating: true, count: batch * tokens)
    var cache: SelfAttention.Cache?
    let forward = median(reps: reps) { cache = layer(x, keyMask: mask).1 }
    let backward = median(reps: reps) { _ = layer.backward(cache: cache!, outputGradient: dy) }
    print(String(format: "attention [%d, %d, 64]  forward %.2f ms  backward %.2f ms", batch, tokens, forward * 1000, backward * 1000))
}

/// How two threads share small kernels: two chunks of fixed busy work through `ParallelLoop`
/// (wall time and how often a second thread ran one), and GELU maps at one and two threads.
func benchParallel() {
    Tensor.setThreads(2)
    for busy in [5_000, 50_000, 500_000] {
        var distinct = 0
        let time = median(reps: 200) {
            let threads = UnsafeMutablePointer<pthread_t>.allocate(capacity: 2)
            defer { threads.deallocate() }
            ParallelLoop.ranges(2) { range in
                threads[range.lowerBound] = pthread_self()
                let start = DispatchTime.now().uptimeNanoseconds
                while DispatchTime.now().uptimeNanoseconds - start < UInt64(busy) {}
            }
            if pthread_equal(threads[0], threads[1]) == 0 { distinct += 1 }
        }
        print(String(format: "parallel two chunks of %3d µs: %7.1f µs, on two threads in %d of 201 runs", busy / 1000, time * 1e6, distinct))
    }
    var sink: Float = 0
    for size in [1 << 14, 1 << 16, 1 << 18] {
        let x = Tensor(shape: [size], repeating: 0.5)
        let times = [1, 2].map { threads in
            Tensor.setThreads(threads)
            return median(reps: 500) { sink += Activation.gelu(x).data[0] }
        }
        print(String(format: "parallel gelu of %6d elements: 1 thread %6.1f µs, 2 threads %6.1f µs", size, times[0] * 1e6, times[1] * 1e6) + (sink.isNaN ? " " : ""))
    }
}

let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
case "sgemm":
    if arguments.count > 1, let threads = Int(arguments[1]) { Tensor.setThreads(threads) }
    print("threads \(Tensor.threads), \(String(cString: openblas_get_config()))")
    benchSgemm()
case "core":
    print(BLASCore.coreName)
case "train-step" where arguments.count >= 6:
    let shape = arguments[1...5].compactMap { Int($0) }
    if arguments.count > 6, let threads = Int(arguments[6]) { Tensor.setThreads(threads) }
    let reps = arguments.count > 7 ? Int(arguments[7]) ?? 10 : 10
    let conditioning = arguments.count > 8 ? TextConditioning(rawValue: arguments[8]) ?? .adalnZero : .adalnZero
    let textLength = arguments.count > 9 ? Int(arguments[9]) ?? 32 : 32
    benchTrainStep(shape, reps: reps, conditioning: conditioning, textLength: textLength)
case "parallel":
    benchParallel()
case "attention" where arguments.count >= 3:
    if arguments.count > 3, let threads = Int(arguments[3]) { Tensor.setThreads(threads) }
    benchAttention(batch: Int(arguments[1]) ?? 4, tokens: Int(arguments[2]) ?? 592,
                   reps: arguments.count > 4 ? Int(arguments[4]) ?? 10 : 10)
default:
    FileHandle.standardError.write(Data("usage: strata-tensor-bench sgemm [THREADS] | train-step B C T H W [THREADS] [REPS] [CONDITIONING] [TEXT_LEN] | attention B N [THREADS] [REPS] | parallel\n".utf8))
    exit(2)
}
