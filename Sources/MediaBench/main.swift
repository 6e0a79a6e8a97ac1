import DataPrep
import Foundation
import Media

// Times decodeClip the way a training loader uses it: T consecutive frames from a given start,
// a square centre-cover crop, one reader per worker thread. Used by bench/data_clip.sh.
// Usage: strata-media-bench PLAN.tsv WORKERS [FRAMES] [SIZE]   (PLAN lines: path<TAB>start)
let arguments = CommandLine.arguments
guard arguments.count >= 3, let workers = Int(arguments[2]),
      let planText = try? String(contentsOfFile: arguments[1], encoding: .utf8) else {
    FileHandle.standardError.write(Foundation.Data("usage: strata-media-bench PLAN.tsv WORKERS [FRAMES] [SIZE]\n".utf8))
    exit(2)
}
let frames = arguments.count > 3 ? Int(arguments[3]) ?? 33 : 33
let size = arguments.count > 4 ? Int(arguments[4]) ?? 256 : 256

struct Sample: Sendable { var path: String; var start: Int }
let plan = planText.split(separator: "\n").compactMap { line -> Sample? in
    let parts = line.split(separator: "\t")
    guard parts.count == 2, let start = Int(parts[1]) else { return nil }
    return Sample(path: String(parts[0]), start: start)
}
let started = Date()
let results = parallelMap(plan, workers: workers) { sample -> Int in
    do {
        let clip = try decodeClip(sample.path, frameIndices: Array(sample.start ..< sample.start + frames), width: size, height: size)
        return clip.pixels.count
    } catch {
        FileHandle.standardError.write(Foundation.Data("\(error)\n".utf8))
        return 0
    }
}
let elapsed = Date().timeIntervalSince(started)
let failures = results.filter { $0 == 0 }.count
print(String(format: "swift decodeClip (seek + 2-pass swscale): %d clips in %.2f s = %.2f clips/s (%d failed)",
             plan.count, elapsed, Double(plan.count) / elapsed, failures))
