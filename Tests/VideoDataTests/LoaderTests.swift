import Buckets
import Foundation
import Testing
@testable import VideoData

/// What a delivered batch is, without timing: equal for equal loads.
struct BatchRecord: Equatable {
    var position: Int
    var requests: [SampleRequest]
    var captions: [String]
    var fps: [Double]
    var shape: [Int]
    var video: [Float]
    var dropped: [DroppedSample]
    var skipped: [Int]

    init(_ batch: LoadedBatch) {
        position = batch.position
        requests = batch.requests
        captions = batch.captions
        fps = batch.fps
        shape = batch.video.shape
        video = batch.video.data
        dropped = batch.dropped
        skipped = batch.skippedBatches
    }
}

/// A sampler stand-in that counts how many batches the loader has pulled.
final class CountingBatches: Sequence, @unchecked Sendable {
    private let batches: [[SampleRequest]]
    private let lock = NSLock()
    private var pulledCount = 0
    init(_ batches: [[SampleRequest]]) { self.batches = batches }
    var pulled: Int { lock.withLock { pulledCount } }

    func makeIterator() -> AnyIterator<[SampleRequest]> {
        var position = 0
        return AnyIterator {
            guard position < self.batches.count else { return nil }
            defer { position += 1 }
            self.lock.withLock { self.pulledCount += 1 }
            return self.batches[position]
        }
    }
}

func request(_ row: Int, frames: Int = 3, height: Int = 16, width: Int = 24) -> SampleRequest {
    SampleRequest(index: row, frames: frames, height: height, width: width)
}

struct LoaderTests {
    /// Batches mixing good and broken rows, one with only broken rows, and an image batch.
    static let plan: [[SampleRequest]] = [
        [request(TestTable.video25), request(TestTable.truncated), request(TestTable.portrait)],
        [request(TestTable.zeroBytes), request(TestTable.html)],
        [request(TestTable.mpeg4), request(TestTable.withAudio), request(TestTable.smooth), request(TestTable.video25)],
        [request(TestTable.image, frames: 1), request(TestTable.smooth, frames: 1)],
        [request(TestTable.missing)],
        [request(TestTable.vp9NoMetadata), request(TestTable.portrait), request(TestTable.truncated)],
        [request(TestTable.smooth), request(TestTable.mpeg4)],
    ]

    @Test func batchesAreTheSameForAnyWorkerCount() throws {
        let dataset = try TestTable.require().dataset(VideoTextOptions(seed: 3))
        var runs: [[BatchRecord]] = []
        for (workers, prefetch) in [(0, 1), (1, 1), (2, 2), (3, 1), (4, 3)] {
            runs.append(Loader(dataset: dataset, batches: Self.plan, workers: workers, prefetch: prefetch, epoch: 1).map(BatchRecord.init))
        }
        #expect(runs[0].map(\.position) == [0, 2, 3, 5, 6])
        for run in runs.dropFirst() { #expect(run == runs[0]) }
        // Another epoch draws other starts; the same epoch again draws the same.
        let again = Loader(dataset: dataset, batches: Self.plan, workers: 2, epoch: 1).map(BatchRecord.init)
        let next = Loader(dataset: dataset, batches: Self.plan, workers: 2, epoch: 2).map(BatchRecord.init)
        #expect(again == runs[0])
        #expect(next != runs[0])
    }

    @Test func brokenSampleIsDroppedFromItsBatchAndReportedOnce() throws {
        let reports = Reports()
        let dataset = try TestTable.require().dataset(reports: reports)
        for epoch in 0..<2 {
            let batches = Array(Loader(dataset: dataset, batches: Self.plan, workers: 2, epoch: epoch))
            let first = try #require(batches.first)
            #expect(first.position == 0)
            #expect(first.requests == [request(TestTable.video25), request(TestTable.portrait)])
            #expect(first.video.shape == [2, 3, 3, 16, 24])
            #expect(first.captions == ["caption 0 12 FPS.", "caption 1 15 FPS."])
            #expect(first.dropped.map(\.request) == [request(TestTable.truncated)])
            #expect(first.dropped[0].path.hasSuffix("truncated_moov_at_end.mp4") && !first.dropped[0].reason.isEmpty)
            let image = try #require(batches.first { $0.position == 3 })
            #expect(image.video.shape == [2, 3, 1, 16, 24] && image.fps == [0, 12])
        }
        let lines = reports.lines
        #expect(lines.count == TestTable.brokenRows.count, "one line per broken row over two epochs: \(lines)")
        for row in TestTable.brokenRows { #expect(lines.filter { $0.contains("(row \(row);") }.count == 1) }
        #expect(dataset.failureCounts[TestTable.truncated] == 4, "2 epochs × 2 appearances")
    }

    @Test func batchWithoutSurvivorsIsReplacedByTheNext() throws {
        let dataset = try TestTable.require().dataset()
        let batches = Array(Loader(dataset: dataset, batches: Self.plan, workers: 3, epoch: 0))
        let replacement = try #require(batches.dropFirst().first)
        #expect(replacement.position == 2 && replacement.skippedBatches == [1])
        #expect(replacement.dropped.map(\.request) == [request(TestTable.zeroBytes), request(TestTable.html)])
        let afterMissing = try #require(batches.first { $0.position == 5 })
        #expect(afterMissing.skippedBatches == [4])
        #expect(afterMissing.dropped.map(\.request) == [request(TestTable.missing), request(TestTable.truncated)])
        // Nothing loads at all: the loader ends instead of failing.
        let none = Array(Loader(dataset: dataset, batches: [[request(TestTable.missing)], [request(TestTable.html)]], workers: 2))
        #expect(none.isEmpty)
    }

    @Test func mixedShapesDoNotStack() throws {
        let dataset = try TestTable.require().dataset()
        let batch = try #require(Array(Loader(dataset: dataset, batches: [[request(TestTable.video25), request(TestTable.image)]], workers: 1)).first)
        #expect(batch.requests == [request(TestTable.video25)])
        #expect(batch.dropped.first?.reason.contains("[3, 1, 16, 24]") == true)
    }

    @Test func prefetchIsBounded() throws {
        let dataset = try TestTable.require().dataset()
        let plan = Array(repeating: [request(TestTable.smooth, frames: 2), request(TestTable.video25, frames: 2)], count: 12)
        for (workers, prefetch) in [(1, 1), (2, 2), (3, 1)] {
            let counting = CountingBatches(plan)
            let iterator = Loader(dataset: dataset, batches: counting, workers: workers, prefetch: prefetch).makeIterator()
            var delivered = 0
            while iterator.next() != nil {
                delivered += 1
                #expect(iterator.batchesAhead <= workers * prefetch)
                #expect(counting.pulled - delivered <= workers * prefetch, "pulled \(counting.pulled) after \(delivered)")
            }
            #expect(delivered == 12 && counting.pulled == 12)
        }
    }

    @Test func stoppingEarlyReleasesTheWorkers() throws {
        let dataset = try TestTable.require().dataset()
        let plan = Array(repeating: [request(TestTable.smooth)], count: 50)
        for batch in Loader(dataset: dataset, batches: plan, workers: 2, prefetch: 4) {
            #expect(batch.position == 0)
            break
        }
        // A fresh pass after the abandoned one starts from the beginning.
        let iterator = Loader(dataset: dataset, batches: plan, workers: 2).makeIterator()
        #expect(iterator.next()?.position == 0)
    }
}
