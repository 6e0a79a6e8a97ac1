import DataPrep
import DataTable
import Foundation
import Media
import Testing

private func scratchFolder() -> String {
    NSTemporaryDirectory() + "strata-demo-\(UUID().uuidString)"
}

/// Pixels whose whole `radius` neighbourhood has one colour in the drawn frame: away from edges,
/// where 4:2:0 chroma and the codec may blend two colours.
private func interiorPixels(_ frame: [UInt8], width: Int, height: Int, radius: Int = 2) -> [Int] {
    var result: [Int] = []
    for y in radius ..< height - radius {
        for x in radius ..< width - radius {
            let centre = (y * width + x) * 3
            let uniform = (-radius ... radius).allSatisfy { dy in
                (-radius ... radius).allSatisfy { dx in
                    let other = ((y + dy) * width + x + dx) * 3
                    return frame[other] == frame[centre] && frame[other + 1] == frame[centre + 1] && frame[other + 2] == frame[centre + 2]
                }
            }
            if uniform { result.append(y * width + x) }
        }
    }
    return result
}

private func colourCount(_ frame: [UInt8], _ colour: DemoColour) -> Int {
    stride(from: 0, to: frame.count, by: 3).count { frame[$0] == colour.red && frame[$0 + 1] == colour.green && frame[$0 + 2] == colour.blue }
}

@Suite("demo dataset")
struct DemoTests {
    static let small = DemoOptions(videos: 4, images: 3, seed: 7, workers: 2)

    @Test func tableListsTheGeneratedFilesWithTheirCaptionsAndTrueMetadata() throws {
        let folder = scratchFolder()
        let summary = try generateDemoDataset(folder: folder, options: Self.small)
        #expect(summary.table == folder + "/meta.csv")
        let table = try Table.read(summary.table)
        #expect(table.header.names == ["path", "text", "num_frames", "height", "width", "aspect_ratio", "resolution", "fps", "file_size", "error"])
        #expect(table.column("path") == summary.items.map(\.path))
        #expect(table.column("text") == summary.items.map(\.caption))
        #expect(table.column("error") == Array(repeating: "", count: 7))
        #expect(summary.items.count { !$0.isImage } == 4 && summary.items.count(where: \.isImage) == 3)
        let h = table.header
        for (row, item) in zip(table.rows, summary.items) {
            let info = try probe(folder + "/" + item.path, frameCounting: .packets)
            #expect(info.width == item.width && info.height == item.height, "\(item.path)")
            #expect(info.isImage == item.isImage)
            #expect(row[h.index(of: "width")] == String(item.width))
            #expect(row[h.index(of: "height")] == String(item.height))
            #expect(row[h.index(of: "num_frames")] == String(item.frameCount))
            #expect(info.frameCount == item.frameCount)
            if let fps = item.fps {
                #expect(info.fps == Rational(fps, 1))
                #expect(row[h.index(of: "fps")] == "\(fps).0")
                #expect(info.codec == VideoEncoding.automaticCodec.rawValue)
            } else {
                #expect(row[h.index(of: "fps")] == "")
            }
        }
        // Only the dataset: no temporary caption table, no half-written files.
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: folder)) == ["meta.csv", "videos", "images"])
        let written = try FileManager.default.contentsOfDirectory(atPath: folder + "/videos").map { "videos/" + $0 }
            + FileManager.default.contentsOfDirectory(atPath: folder + "/images").map { "images/" + $0 }
        #expect(Set(written) == Set(summary.items.map(\.path)))
    }

    /// The caption's colours are the ones on screen: away from edges every decoded pixel is nearest
    /// (in the palette) to the colour drawn there, and the shape covers a quarter of the frame.
    @Test func captionsNameTheColoursOnScreen() throws {
        let folder = scratchFolder()
        let summary = try generateDemoDataset(folder: folder, options: Self.small)
        for item in summary.items {
            #expect(item.caption.contains(" \(item.colour.name) \(item.shape.rawValue)"))
            #expect(item.caption.hasSuffix("\(item.background.name) background"))
            let middle = item.frameCount / 2
            let drawn = renderDemoFrame(item, frame: middle)
            #expect(colourCount(drawn, item.colour) * 4 >= item.width * item.height, "\(item.path): the shape covers a quarter")
            let decoded = try decodeClip(folder + "/" + item.path, frameIndices: [middle], width: item.width,
                                         height: item.height, crop: .stretch).pixels
            let interior = interiorPixels(drawn, width: item.width, height: item.height)
            #expect(interior.count > item.width * item.height / 2)
            var wrong = 0
            var seen: Set<String> = []
            for pixel in interior {
                let expected = nearestDemoColour(drawn[pixel * 3], drawn[pixel * 3 + 1], drawn[pixel * 3 + 2])
                let got = nearestDemoColour(decoded[pixel * 3], decoded[pixel * 3 + 1], decoded[pixel * 3 + 2])
                if got != expected { wrong += 1 }
                seen.insert(got.name)
            }
            #expect(wrong == 0, "\(item.path): \(wrong) of \(interior.count) interior pixels decode nearer another colour")
            #expect(seen == [item.colour.name, item.background.name], "\(item.path)")
        }
    }

    @Test func aSeedNamesOneDataset() throws {
        let first = scratchFolder(), second = scratchFolder()
        // Enough videos that an encoder which is not deterministic (libx264's AVX-512 code was
        // not, one video in four) shows up.
        let a = try generateDemoDataset(folder: first, options: DemoOptions(videos: 12, images: 4, seed: 7, workers: 2))
        let b = try generateDemoDataset(folder: second, options: DemoOptions(videos: 12, images: 4, seed: 7, workers: 1))
        #expect(a.items == b.items)
        #expect(try Data(contentsOf: URL(fileURLWithPath: a.table)) == Data(contentsOf: URL(fileURLWithPath: b.table)))
        for item in a.items {
            let bytes = { (folder: String) in try Data(contentsOf: URL(fileURLWithPath: folder + "/" + item.path)) }
            #expect(try bytes(first) == bytes(second), "\(item.path) is byte-identical for the same seed")
        }
        let other = planDemoDataset(videos: 12, images: 4, seed: 8)
        #expect(other.map(\.caption) != a.items.map(\.caption))
    }

    /// Properties of a large plan (nothing encoded): shapes inside the frame, covering a quarter of
    /// it on the first and last frame; colours balanced; sizes, rates and durations as documented.
    @Test func planKeepsItsPromises() {
        let items = planDemoDataset(videos: 160, images: 80, seed: 3)
        #expect(items.count == 240)
        var colourCounts: [String: Int] = [:]
        for item in items {
            colourCounts[item.colour.name, default: 0] += 1
            #expect(item.width % 2 == 0 && item.height % 2 == 0 && min(item.width, item.height) >= 64)
            #expect(item.colour != item.background && item.colour.distance(to: item.background) >= 100)
            for corner in [item.start, item.end] {
                #expect(corner.x >= 0 && corner.y >= 0 && corner.x + item.size <= item.width && corner.y + item.size <= item.height)
            }
            for frame in Set([0, item.frameCount - 1]) {
                #expect(colourCount(renderDemoFrame(item, frame: frame), item.colour) * 4 >= item.width * item.height, "\(item.path)")
            }
            if item.isImage {
                #expect(item.fps == nil && item.frameCount == 1 && item.motion == .still)
                let article = { (word: String) in word == "orange" ? "an" : "a" }
                #expect(item.caption == "\(article(item.colour.name)) \(item.colour.name) \(item.shape.rawValue) on \(article(item.background.name)) \(item.background.name) background")
            } else {
                let fps = item.fps ?? 0
                #expect([24, 25, 30].contains(fps))
                #expect(item.frameCount >= fps && item.frameCount <= 3 * fps)
                if item.motion == .still {
                    #expect(item.start == item.end && item.caption.hasPrefix("a still \(item.colour.name) \(item.shape.rawValue) on "))
                } else {
                    #expect(item.caption.contains(" moves \(item.motion.rawValue) over "))
                    let travel = (x: item.end.x - item.start.x, y: item.end.y - item.start.y)
                    switch item.motion {
                    case .left: #expect(travel.x <= -8 && travel.y == 0)
                    case .right: #expect(travel.x >= 8 && travel.y == 0)
                    case .up: #expect(travel.y <= -8 && travel.x == 0)
                    case .down: #expect(travel.y >= 8 && travel.x == 0)
                    case .still: break
                    }
                }
            }
        }
        #expect(colourCounts.count == 8)
        #expect(colourCounts.values.max()! - colourCounts.values.min()! <= 1, "\(colourCounts)")
        #expect(Set(items.map(\.motion)) == Set(DemoMotion.allCases))
        #expect(Set(items.map(\.shape)) == Set(DemoShape.allCases))
        #expect(planDemoDataset(videos: 160, images: 80, seed: 3) == items)
    }

    @Test func nothingToGenerateIsAUsageError() {
        let error = #expect(throws: DataPrepError.self) {
            try generateDemoDataset(folder: scratchFolder(), options: DemoOptions(videos: 0, images: 0))
        }
        #expect(error?.kind == .usage)
    }
}
