import ConfigLang
import Testing
@testable import Buckets

/// Open-Sora 2.0's stage configs (reference §1.4) as YAML.
func openSoraStageYAML(stage2: Bool) -> String {
    func frames(_ first: Int, _ last: Int, _ p: String, _ bs: Int) -> String {
        stride(from: first, through: last, by: 4).map { "    \($0): !!python/tuple [\(p), \(bs)]" }.joined(separator: "\n")
    }
    if !stage2 {
        return """
        dataset: {fps_max: 24}
        bucket_config:
          256px:
            1: !!python/tuple [1.0, 45]
        \(frames(5, 33, "1.0", 12))
        \(frames(37, 65, "1.0", 6))
        \(frames(69, 97, "1.0", 4))
        \(frames(101, 129, "1.0", 3))
          768px:
            1: !!python/tuple [0.5, 13]
          1024px:
            1: !!python/tuple [0.5, 7]
        """
    }
    return """
    dataset: {fps_max: 24}
    bucket_config:
      256px:
        1: !!python/tuple [1.0, 130]
    \(frames(5, 33, "1.0", 14))
    \(frames(37, 65, "1.0", 10))
    \(frames(73, 97, "1.0", 7))
    \(frames(101, 129, "1.0", 6))
      768px:
        1: !!python/tuple [1.0, 38]
    \(frames(5, 33, "1.0", 6))
    \(frames(37, 65, "1.0", 4))
    \(frames(69, 97, "1.0", 3))
    \(frames(101, 129, "1.0", 2))
    """
}

func bucket(_ yaml: String) throws -> Bucket {
    Bucket(try BucketConfig(config: try loadConfig(yaml).root))
}

struct BucketTests {
    @Test func numBucketOfTheStages() throws {
        #expect(try bucket(openSoraStageYAML(stage2: false)).numBucket == 393)
        #expect(try bucket(openSoraStageYAML(stage2: true)).numBucket == 847)
    }

    /// The 12 test vectors of reference §5.4 (fps_max 24, base seed 42).
    @Test func theTwelveDocumentedVectors() throws {
        let stage1 = try bucket(openSoraStageYAML(stage2: false))
        let stage2 = try bucket(openSoraStageYAML(stage2: true))
        let nan = Double.nan
        let rows: [(SampleShape, String, String, String)] = [
            (.init(frames: 1, height: 1024, width: 1024, fps: nan), "768px 1 1:1", "768px 1 1:1", "768px 1 1:1"),
            (.init(frames: 1, height: 720, width: 1280, fps: nan), "768px 1 16:9", "1024px 1 16:9", "768px 1 16:9"),
            (.init(frames: 1, height: 256, width: 256, fps: nan), "256px 1 1:1", "256px 1 1:1", "256px 1 1:1"),
            (.init(frames: 1, height: 200, width: 200, fps: nan), "too-small", "too-small", "too-small"),
            (.init(frames: 150, height: 720, width: 1280, fps: 30), "256px 73 16:9", "256px 73 16:9", "768px 73 16:9"),
            (.init(frames: 300, height: 1080, width: 1920, fps: 60), "256px 97 16:9", "256px 97 16:9", "768px 97 16:9"),
            (.init(frames: 129, height: 720, width: 1280, fps: 24), "256px 129 16:9", "256px 129 16:9", "768px 129 16:9"),
            (.init(frames: 128, height: 720, width: 1280, fps: 24), "256px 125 16:9", "256px 125 16:9", "768px 125 16:9"),
            (.init(frames: 97, height: 1920, width: 1080, fps: 25), "256px 45 9:16", "256px 45 9:16", "768px 45 9:16"),
            (.init(frames: 40, height: 480, width: 640, fps: 23.976), "256px 37 4:3", "256px 37 4:3", "256px 37 4:3"),
            (.init(frames: 4, height: 720, width: 1280, fps: 24), "too-short", "too-short", "too-short"),
            (.init(frames: 1, height: 2048, width: 1024, fps: nan), "1024px 1 1:2", "1024px 1 1:2", "768px 1 1:2"),
        ]
        func text(_ bucket: Bucket, _ decision: BucketDecision) -> String {
            switch decision {
            case .assigned(let key):
                let name = bucket.describe(key)
                return "\(name.resolution) \(name.frames) \(name.ratio)"
            case .dropped(let reason): return reason.rawValue
            }
        }
        for (id, row) in rows.enumerated() {
            for (b, epoch, expected) in [(stage1, 0, row.1), (stage1, 1, row.2), (stage2, 0, row.3)] {
                let seed = b.sampleSeed(base: 42, epoch: epoch, index: id)
                #expect(text(b, b.bucketID(row.0, seedHigh: seed.high, low: seed.low)) == expected, "id \(id) epoch \(epoch)")
            }
        }
    }

    /// Thousands of rows against the Python transcription (scripts/bucket_vectors.py).
    @Test(arguments: bucketVectorCases.indices)
    func matchesThePythonTranscription(_ caseIndex: Int) throws {
        let parts = bucketVectorCases[caseIndex].components(separatedBy: "\n---\n")
        let header = parts[0].split(separator: "\n")[0]
        let b = try bucket(parts[0])
        let epochs = header.split(separator: " ").first { $0.hasPrefix("epochs=") }!.dropFirst(7).split(separator: ",").map { Int($0)! }
        #expect(header.hasSuffix("num_bucket=\(b.numBucket)"))
        var rows: [SampleShape] = []
        var expected: [[Int32]] = []
        for line in parts[1].split(separator: "\n") {
            let f = line.split(separator: " ")
            rows.append(SampleShape(frames: Int(f[0])!, height: Int(f[1])!, width: Int(f[2])!, fps: f[3] == "nan" ? .nan : Double(f[3])!))
            expected.append(f[4...].map { Int32($0)! })
        }
        #expect(rows.count == 1000)
        for (column, epoch) in epochs.enumerated() {
            let assignment = EpochAssignment(bucket: b, samples: rows, seed: 42, epoch: epoch, workers: 2)
            let got = assignment.codes.map { max($0, -1) }
            let mismatches = zip(got, expected.map { $0[column] }).enumerated().filter { $0.element.0 != $0.element.1 }
            #expect(mismatches.isEmpty, "\(header) epoch \(epoch): \(mismatches.count) rows differ, first \(mismatches.prefix(3))")
        }
    }

    @Test func dropReasonsSayWhy() throws {
        let b = try bucket("""
        bucket_config:
          256px: {1: !!python/tuple [0.0, 4], 33: !!python/tuple [0.0, 2]}
          512px: {17: !!python/tuple [1.0, 2]}
        """)
        let decide = { (f: Int, h: Int, w: Int) in b.bucketID(frames: f, height: h, width: w, fps: .nan, seed: 1) }
        #expect(decide(1, 100, 100) == .dropped(.tooSmall))
        #expect(decide(20, 300, 300) == .dropped(.tooShort))  // only 256px fits, and 20 < 33
        #expect(decide(5, 600, 600) == .dropped(.tooShort))
        #expect(decide(1, 600, 600) == .dropped(.lostDraw))
        #expect(decide(40, 300, 300) == .dropped(.lostDraw))
        #expect(b.bucketID(frames: 1, height: 0, width: 5, fps: .nan, seed: 1) == .dropped(.invalidMetadata))
        let noImages = try bucket("bucket_config: {256px: {33: !!python/tuple [1.0, 2]}}")
        #expect(noImages.bucketID(frames: 1, height: 256, width: 256, fps: .nan, seed: 0) == .dropped(.noImageBucket))
        #expect(noImages.bucketID(frames: 40, height: 256, width: 256, fps: .nan, seed: 0).key != nil)
    }
}
