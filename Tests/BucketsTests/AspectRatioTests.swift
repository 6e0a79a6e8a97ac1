import Testing
@testable import Buckets

/// The aspect-ratio tables of the reference study's Appendix A (computed there with Open-Sora's
/// own aspect.py), transcribed: "<D> <train|infer> <name> <ratio>=<H>x<W>…" in dict order.
let appendixATables = """
16 train 256px 2.39:1=160x400 2:1=176x368 16:9=192x336 9:16=336x192 3:2=208x320 4:3=224x288 1:1=256x256 1:2.39=400x160 1:2=368x176 2:3=320x208 3:4=288x224
16 train 512px 2.39:1=336x784 2:1=368x720 16:9=384x688 9:16=688x384 5:8=656x400 3:2=416x624 4:3=448x592 1:1=512x512 1:2.39=784x336 1:2=720x368 8:5=400x656 2:3=624x416 3:4=592x448
16 train 768px 2.39:1=496x1184 2:1=544x1088 16:9=576x1024 1.85:1=560x1056 9:16=1024x576 5:8=992x592 3:2=624x944 4:3=672x880 1:1=768x768 1:2.39=1184x496 1:2=1088x544 1:1.85=1056x560 8:5=592x992 2:3=944x624 3:4=880x672
16 train 1024px 2.39:1=672x1568 2:1=720x1456 16:9=768x1360 1.85:1=752x1392 9:16=1360x768 5:8=1312x800 3:2=832x1264 4:3=896x1168 1:1=1024x1024 1:2.39=1568x672 1:2=1456x720 1:1.85=1392x752 8:5=800x1312 2:3=1264x832 3:4=1168x896
16 train 360p 2.39:1=304x752 2:1=336x688 16:9=352x656 9:16=656x352 5:8=624x368 3:2=400x576 4:3=416x560 1:1=480x480 1:2.39=752x304 1:2=688x336 8:5=368x624 2:3=576x400 3:4=560x416
16 train 480p 2.39:1=416x992 2:1=448x912 16:9=480x848 1.85:1=464x880 9:16=848x480 5:8=832x496 3:2=528x768 4:3=544x752 1:1=640x640 1:2.39=992x416 1:2=912x448 1:1.85=880x464 8:5=496x832 2:3=768x528 3:4=752x544
16 train 720p 2.39:1=624x1472 2:1=688x1344 16:9=720x1280 1.85:1=704x1312 9:16=1280x720 5:8=1232x752 3:2=784x1168 4:3=832x1104 1:1=960x960 1:2.39=1472x624 1:2=1344x688 1:1.85=1312x704 8:5=752x1232 2:3=1168x784 3:4=1104x832
16 train 1080p 2.39:1=928x2240 2:1=1024x2032 16:9=1072x1936 1.85:1=1056x1968 9:16=1936x1072 5:8=1824x1136 3:2=1168x1776 4:3=1248x1664 1:1=1440x1440 1:2.39=2240x928 1:2=2032x1024 1:1.85=1968x1056 8:5=1136x1824 2:3=1776x1168 3:4=1664x1248
32 train 256px 2.39:1=160x416 2:1=192x352 9:16=352x192 3:2=224x288 1:1=256x256 1:2.39=416x160 1:2=352x192 16:9=192x352 2:3=288x224
32 train 512px 2.39:1=320x800 2:1=352x736 16:9=384x672 9:16=672x384 3:2=416x640 4:3=448x576 1:1=512x512 1:2.39=800x320 1:2=736x352 2:3=640x416 3:4=576x448
32 train 768px 2.39:1=480x1216 2:1=544x1088 16:9=576x1024 9:16=1024x576 3:2=640x928 4:3=672x864 1:1=768x768 1:2.39=1216x480 1:2=1088x544 2:3=928x640 3:4=864x672
32 train 1024px 2.39:1=672x1568 2:1=736x1440 16:9=768x1376 9:16=1376x768 5:8=1312x800 3:2=832x1248 4:3=896x1184 1:1=1024x1024 1:2.39=1568x672 1:2=1440x736 8:5=800x1312 2:3=1248x832 3:4=1184x896
16 infer 256px 2.39:1=160x384 2:1=176x352 16:9=192x336 1.85:1=192x336 9:16=336x192 5:8=336x192 3:2=208x304 4:3=224x288 1:1=256x256 1:2.39=384x160 1:2=352x176 1:1.85=336x192 8:5=192x336 2:3=304x208 3:4=288x224
16 infer 768px 2.39:1=496x1184 2:1=544x1072 16:9=576x1024 1.85:1=560x1040 9:16=1024x576 5:8=992x592 3:2=624x928 4:3=656x880 1:1=768x768 1:2.39=1184x496 1:2=1072x544 1:1.85=1040x560 8:5=592x992 2:3=928x624 3:4=880x656
"""

struct AspectRatioTests {
    @Test func appendixATablesComeOutIdentical() throws {
        let lines = appendixATables.split(separator: "\n")
        #expect(lines.count == 14)
        for line in lines {
            let fields = line.split(separator: " ")
            let compression = Int(fields[0])!
            let training = fields[1] == "train"
            let name = String(fields[2])
            let expected = fields[3...].map { "\($0)" }
            let pixels = try AspectRatios.pixels(forResolution: name)
            let entries = try AspectRatios.table(pixels: pixels, compression: compression, training: training)
            #expect(entries.map { "\($0.name)=\($0.height)x\($0.width)" } == expected, "D=\(compression) \(fields[1]) \(name)")
            if training {
                let table = try AspectRatios.table(resolution: name, compression: compression)
                #expect(table.entries == entries)
            }
        }
    }

    @Test func pixelBudgetsFromNames() throws {
        #expect(try AspectRatios.pixels(forResolution: "256px") == 65536)
        #expect(try AspectRatios.pixels(forResolution: "720p") == 921_600)
        #expect(try AspectRatios.pixels(forResolution: "480p") == 409_600)
        #expect(try AspectRatios.pixels(forResolution: "360p_max") == 230_400)
        // int(N*N/9*16) truncates: 100p is 17777.77… pixels.
        #expect(try AspectRatios.pixels(forResolution: "100p") == 17777)
        #expect(throws: AspectRatioError.self) { try AspectRatios.pixels(forResolution: "256") }
        #expect(throws: AspectRatioError.self) { try AspectRatios.pixels(forResolution: "px") }
        #expect(throws: AspectRatioError.self) { try AspectRatios.table(resolution: "256px_ar7:3", compression: 16) }
        #expect(throws: AspectRatioError.self) { try AspectRatios.table(resolution: "256px_min", compression: 16) }
        #expect(throws: AspectRatioError.self) { try AspectRatios.table(resolution: "256px_max_ar1:1", compression: 16) }
        #expect(throws: AspectRatioError.self) { try AspectRatios.table(resolution: "8px", compression: 16) }
    }

    /// The shipped configs' small resolutions, from the same budget rule.
    @Test func smallResolutionsOfTheShippedConfigs() throws {
        let small = try AspectRatios.table(resolution: "32px", compression: 16)
        #expect(small.pixels == 1024)
        // At this budget the neighbour adjustment gives 2:1 the 32×32 square, so 1:1 is a duplicate
        // and dropped; the mirrors re-introduce duplicate sizes (as Open-Sora's dict.update does).
        #expect(small.entries.map(\.name) == ["2.39:1", "2:1", "9:16", "1:2.39", "1:2", "16:9"])
        #expect(small.entries.map { [$0.height, $0.width] } == [[16, 64], [32, 32], [64, 16], [64, 16], [32, 32], [16, 64]])
        let larger = try AspectRatios.table(resolution: "64px", compression: 16)
        #expect(larger.pixels == 4096)
        #expect(larger.entries.allSatisfy { $0.height % 16 == 0 && $0.width % 16 == 0 })
    }

    @Test func suffixesNarrowTheTable() throws {
        let max = try AspectRatios.table(resolution: "768px_max", compression: 16)
        #expect(max.entries.count == 1)
        let full = try AspectRatios.table(resolution: "768px", compression: 16)
        let largest = full.entries.map { $0.height * $0.width }.max()!
        #expect(max.entries[0] == full.entries.first { $0.height * $0.width == largest })
        let one = try AspectRatios.table(resolution: "512px_ar1:1", compression: 16)
        #expect(one.entries == [AspectRatioEntry(name: "1:1", height: 512, width: 512)])
    }

    @Test func closestRatioUsesNominalRatiosAndTheFirstOnATie() throws {
        let table = try AspectRatios.table(resolution: "256px", compression: 16)
        let name = { (h: Double, w: Double) in table.entries[table.closestRatio(height: h, width: w)].name }
        #expect(name(720, 1280) == "16:9")
        #expect(name(1080, 1920) == "16:9")
        #expect(name(480, 640) == "4:3")
        #expect(name(2048, 1024) == "1:2")
        // 17/32 = 0.53125 is exactly between 2:1 (0.5) and 16:9 (0.5625): dict order picks 2:1.
        #expect(name(17, 32) == "2:1")
        // 1.85:1 (0.5405…) is not in the 256px table; 16:9 is the nearest left.
        #expect(name(1000, 1850) == "16:9")
    }
}
