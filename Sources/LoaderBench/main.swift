import Buckets
import Foundation
import VideoData

// Times the VideoData loader the way a trainer uses it, for bench/loader_bench.sh: every epoch loads
// SAMPLES clips of FRAMES×SIZE×SIZE in batches of BATCH (rows in a seeded order), on WORKERS
// threads. Prints one line per epoch with clips/s and the epoch's peak RSS, and can write the
// clips it read (path, frame numbers) so the Python loaders read exactly the same ones.
// Usage: LoaderBench TABLE WORKERS EPOCHS SAMPLES [--batch B] [--prefetch P] [--frames T] [--size S]
//                    [--step-ms MS] [--plan-out FILE]
// --step-ms sleeps that long per batch, standing in for a training step: with steps slower than the
// loader the prefetch queue stays full, which is the memory a training run really holds.
let arguments = Array(CommandLine.arguments.dropFirst())
func option(_ name: String, _ fallback: Int) -> Int {
    guard let at = arguments.firstIndex(of: name), at + 1 < arguments.count, let value = Int(arguments[at + 1]) else { return fallback }
    return value
}
guard arguments.count >= 4, let workers = Int(arguments[1]), let epochs = Int(arguments[2]), let samples = Int(arguments[3]) else {
    FileHandle.standardError.write(Data("usage: LoaderBench TABLE WORKERS EPOCHS SAMPLES [--batch B] [--prefetch P] [--frames T] [--size S] [--step-ms MS] [--plan-out FILE]\n".utf8))
    exit(2)
}
let batchSize = option("--batch", 4), prefetch = option("--prefetch", 2)
let frames = option("--frames", 33), size = option("--size", 256), stepMilliseconds = option("--step-ms", 0)
let planOut = arguments.firstIndex(of: "--plan-out").flatMap { $0 + 1 < arguments.count ? arguments[$0 + 1] : nil }

let dataset: VideoTextDataset
do {
    // fps_max unset: 33 consecutive frames, the clip read of video-perf.md §C.
    dataset = try VideoTextDataset(tablePath: arguments[0], options: VideoTextOptions(fpsMax: nil, seed: 42))
} catch {
    FileHandle.standardError.write(Data("LoaderBench: \(error)\n".utf8))
    exit(1)
}

/// Rows of one epoch: a seeded shuffle of the table, repeated as needed, cut into batches.
func batches(epoch: Int) -> [[SampleRequest]] {
    var order: [Int] = []
    var draws = SampleDraws(seed: 7, epoch: epoch, row: -1)
    while order.count < samples {
        var rows = Array(0..<dataset.count)
        for i in stride(from: rows.count - 1, to: 0, by: -1) { rows.swapAt(i, draws.integer(0, i)) }
        order += rows
    }
    let requests = order.prefix(samples).map { SampleRequest(index: $0, frames: frames, height: size, width: size) }
    return stride(from: 0, to: requests.count, by: batchSize).map { Array(requests[$0 ..< min($0 + batchSize, requests.count)]) }
}

/// The highest resident set since the last reset (Linux: VmHWM, reset by writing 5 to clear_refs).
func peakRSSMiB() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
          let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
          let kib = Double(line.split(separator: " ").dropFirst().first ?? "") else { return 0 }
    return kib / 1024
}

func resetPeakRSS() { try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8) }

if let planOut {
    var lines: [String] = []
    for batch in batches(epoch: 0) {
        for request in batch {
            if let plan = try? dataset.plan(request, epoch: 0) {
                lines.append("\(plan.path)\t\(plan.frameIndices.map(String.init).joined(separator: ","))")
            }
        }
    }
    try? (lines.joined(separator: "\n") + "\n").write(toFile: planOut, atomically: true, encoding: .utf8)
}

var checksum: Double = 0
for epoch in 0..<epochs {
    resetPeakRSS()
    let started = Date()
    var clips = 0, dropped = 0
    for batch in Loader(dataset: dataset, batches: batches(epoch: epoch), workers: workers, prefetch: prefetch, epoch: epoch) {
        clips += batch.requests.count
        dropped += batch.dropped.count
        checksum += Double(batch.video.data[batch.video.count / 2])
        if stepMilliseconds > 0 { usleep(UInt32(stepMilliseconds) * 1000) }
    }
    let elapsed = Date().timeIntervalSince(started)
    print(String(format: "swift loader epoch %d: %d clips in %.2f s = %.2f clips/s, %d dropped, peak RSS %.1f MiB",
                 epoch + 1, clips, elapsed, Double(clips) / elapsed, dropped, peakRSSMiB()))
}
FileHandle.standardError.write(Data("checksum \(checksum)\n".utf8))
