import EventLog
import Foundation
import Testing

/// The event-file format on its own: CRC-32C and its mask, record framing, the protobuf messages
/// read back by our reader, and the writer's resume rule.
struct EventLogTests {
    static func folder(_ name: String) -> String {
        let path = NSTemporaryDirectory() + "strata-eventlog-\(getpid())-\(name)"
        try? FileManager.default.removeItem(atPath: path)
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func crc32cMatchesTheCastagnoliCheckValue() {
        // The standard check value of CRC-32C ("123456789"), and RFC 3720's 32 zero bytes.
        #expect(CRC32C.checksum(Array("123456789".utf8)) == 0xE306_9283)
        #expect(CRC32C.checksum([UInt8](repeating: 0, count: 32)) == 0x8A91_36AA)
        // The mask rotates right by 15 and adds TensorFlow's constant.
        #expect(CRC32C.mask(0) == 0xA282_EAD8)
        #expect(CRC32C.mask(0x8000) == 0xA282_EAD9)
    }

    @Test func framedRecordsReadBackAndATornTailIsIgnored() throws {
        let records: [[UInt8]] = [[], [1, 2, 3], Array(repeating: 7, count: 300)]
        var bytes = records.flatMap(RecordFraming.frame)
        #expect(bytes.count == records.reduce(0) { $0 + $1.count + 16 })
        #expect(try RecordFraming.records(bytes) == records)
        let whole = bytes
        bytes.removeLast(3)
        #expect(try RecordFraming.records(bytes) == Array(records.prefix(2)))
        var damaged = whole
        damaged[16 + 12] ^= 0xFF  // a data byte of the second record
        #expect(throws: RecordFraming.Corrupt.self) { try RecordFraming.records(damaged) }
    }

    @Test func eventsRoundTripThroughOurReader() throws {
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 1, 2, 3]
        let values = [
            Summaries.scalar("loss", 0.25), Summaries.text("config", "lr: 0.001"),
            Summaries.image("samples/red", png: png, width: 9, height: 2),
            Summaries.hparams([("optim.lr", .number(1e-3)), ("model.type", .string("dit")), ("ema", .bool(true))],
                              group: "demo/stage1", startTime: 12.5),
        ]
        let event = Event(wallTime: 1700000000.25, step: 42, payload: .summary(values))
        let read = try Event(decoding: event.encoded())
        #expect(read == event)
        guard case .summary(let back) = read.payload else { Issue.record("not a summary"); return }
        #expect(back[1].plugin == PluginData(name: "text"))
        let hparams = try Summaries.decodeHParams(back[3].plugin?.content ?? [])
        #expect(hparams == ["optim.lr": .number(1e-3), "model.type": .string("dit"), "ema": .bool(true)])
    }

    @Test func aFileStartsWithItsVersionAndEachWriteIsOnDiskAtOnce() throws {
        let folder = Self.folder("write")
        let writer = try EventWriter(directory: folder, writer: "test", wallTime: 100)
        try writer.write(step: 1, [Summaries.scalar("loss", 1)])
        // Read while the writer is still open: nothing is buffered.
        let events = try EventFiles.read(writer.path)
        #expect(events.map(\.step) == [0, 1])
        #expect(events.first?.payload == .fileVersion("brain.Event:2"))
        #expect((writer.path as NSString).lastPathComponent.hasPrefix("events.out.tfevents.100."))
        #expect(EventFiles.list(in: folder) == [writer.path])
    }

    @Test func resumingKeepsEachStepOnceUpToTheCheckpoint() throws {
        let folder = Self.folder("resume")
        do {
            let first = try EventWriter(directory: folder, writer: "train", wallTime: 100)
            try first.write(step: 0, [Summaries.text("config", "a")])
            for step in 1...5 { try first.write(step: Int64(step), [Summaries.scalar("loss", Double(step))]) }
        }
        let other = try EventWriter(directory: folder, writer: "sample", wallTime: 150)
        try other.write(step: 5, [Summaries.scalar("sampled", 1)])
        // The run resumes from a checkpoint at step 3: steps 4 and 5 are dropped, to be logged again.
        let resumed = try EventWriter(directory: folder, writer: "train", keepingStepsThrough: 3, wallTime: 200)
        try resumed.write(step: 0, [Summaries.text("config", "a")])
        for step in 4...6 { try resumed.write(step: Int64(step), [Summaries.scalar("loss", Double(step) + 0.5)]) }
        let trainFiles = EventFiles.list(in: folder, writer: "train")
        #expect(trainFiles == [resumed.path])
        let steps = try EventFiles.read(resumed.path).map(\.step)
        #expect(steps == [0, 1, 2, 3, 0, 4, 5, 6])
        #expect(EventFiles.list(in: folder, writer: "sample") == [other.path])
    }

    @Test func aDamagedFileIsAnErrorNamingIt() throws {
        let folder = Self.folder("damaged")
        let path = folder + "/events.out.tfevents.1.host.1.test"
        try Data([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]).write(to: URL(fileURLWithPath: path))
        #expect { try EventFiles.read(path) } throws: { error in
            "\(error)".hasPrefix(path) && "\(error)".contains("checksum")
        }
    }
}
