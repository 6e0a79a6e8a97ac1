import Randomness
import Media

/// Shapes the demo draws, each inside a square of side `size`.
public enum DemoShape: String, Sendable, CaseIterable {
    case circle, square, triangle, diamond

    /// The share of its bounding square the shape covers: what sets the size that makes it cover a
    /// quarter of the frame.
    var fill: Double {
        switch self {
        case .circle: Double.pi / 4
        case .square: 1
        case .triangle, .diamond: 0.5
        }
    }
}

/// Where the shape goes over a video: it crosses the frame in a straight line at constant speed.
public enum DemoMotion: String, Sendable, CaseIterable {
    case still, left, right, up, down
}

/// One file of the demo dataset: what is drawn, and the caption that says so.
public struct DemoItem: Sendable, Equatable {
    /// Relative to the dataset folder, e.g. "videos/video_0001.mp4".
    public var path: String
    public var isImage: Bool
    public var width: Int
    public var height: Int
    /// Frames per second; nil for images.
    public var fps: Int?
    /// 1 for images.
    public var frameCount: Int
    public var shape: DemoShape
    public var colour: DemoColour
    public var background: DemoColour
    public var motion: DemoMotion
    /// Side of the shape's bounding square, in pixels.
    public var size: Int
    /// Top-left corner of the bounding square on the first and the last frame.
    public var start: (x: Int, y: Int)
    public var end: (x: Int, y: Int)

    public var caption: String {
        let thing = "\(article(colour.name)) \(colour.name) \(shape.rawValue)"
        let ground = "\(article(background.name)) \(background.name) background"
        switch (isImage, motion) {
        case (true, _): return "\(thing) on \(ground)"
        case (false, .still): return "a still \(colour.name) \(shape.rawValue) on \(ground)"
        case (false, let direction): return "\(thing) moves \(direction.rawValue) over \(ground)"
        }
    }

    /// Top-left corner of the bounding square on frame `index`, in fractional pixels.
    public func origin(frame index: Int) -> (x: Double, y: Double) {
        let progress = frameCount > 1 ? Double(index) / Double(frameCount - 1) : 0
        return (Double(start.x) + Double(end.x - start.x) * progress,
                Double(start.y) + Double(end.y - start.y) * progress)
    }

    public static func == (a: DemoItem, b: DemoItem) -> Bool {
        a.path == b.path && a.isImage == b.isImage && a.width == b.width && a.height == b.height && a.fps == b.fps
            && a.frameCount == b.frameCount && a.shape == b.shape && a.colour == b.colour && a.background == b.background
            && a.motion == b.motion && a.size == b.size && a.start == b.start && a.end == b.end
    }
}

private func article(_ word: String) -> String { "aeiou".contains(word.first ?? "x") ? "an" : "a" }

/// Frame sizes (width, height): landscape, portrait and square, all even (4:2:0) and all with at
/// least 64 pixels on the short side, so 32 px and 64 px buckets get them after resizing.
let demoFrameSizes: [(width: Int, height: Int)] = [(64, 64), (96, 64), (64, 96), (128, 72), (72, 128), (96, 96)]
let demoFrameRates = [24, 25, 30]
/// Durations in tenths of a second (1 s to 3 s).
let demoDurations = [10, 15, 20, 25, 30]
/// The smallest shift, in pixels, that counts as moving; shorter paths make the shape still.
let demoMinimumTravel = 8

/// Plans the whole dataset from the seed, one draw after the other (so a seed names one dataset
/// whatever the worker count). Shape colours go round a shuffled palette, so every colour appears
/// about equally often; everything else is drawn independently.
public func planDemoDataset(videos: Int, images: Int, seed: UInt64) -> [DemoItem] {
    var random = SeededGenerator(seed: seed)
    var colours: [DemoColour] = []
    let digits = max(4, String(max(videos, images)).count)
    func number(_ index: Int) -> String {
        let text = String(index + 1)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }
    func nextColour() -> DemoColour {
        if colours.isEmpty { colours = random.shuffled(demoPalette) }
        return colours.removeLast()
    }
    var items: [DemoItem] = []
    for index in 0 ..< videos + images {
        let isImage = index >= videos
        let colour = nextColour()
        let background = random.pick(demoPalette.filter { $0 != colour && $0.distance(to: colour) >= 100 })
        let shape = random.pick(DemoShape.allCases)
        let frame = random.pick(demoFrameSizes)
        let size = shapeSize(shape, width: frame.width, height: frame.height, extra: random.next(below: 16))
        let room = (x: frame.width - size, y: frame.height - size)
        let directions = isImage ? [] : DemoMotion.allCases.filter { motion in
            switch motion {
            case .still: true
            case .left, .right: room.x >= demoMinimumTravel
            case .up, .down: room.y >= demoMinimumTravel
            }
        }
        // A still shape in one video out of five; the rest move whenever the frame leaves room.
        let moving = directions.filter { $0 != .still }
        let motion: DemoMotion = isImage || moving.isEmpty || random.next(below: 5) == 0 ? .still : random.pick(moving)
        let place = (x: random.next(below: room.x + 1), y: random.next(below: room.y + 1))
        var start = place, end = place
        switch motion {
        case .still: break
        case .left: (start.x, end.x) = (room.x, 0)
        case .right: (start.x, end.x) = (0, room.x)
        case .up: (start.y, end.y) = (room.y, 0)
        case .down: (start.y, end.y) = (0, room.y)
        }
        var fps: Int?
        var frameCount = 1
        if !isImage {
            let rate = random.pick(demoFrameRates)
            fps = rate
            frameCount = random.pick(demoDurations) * rate / 10
        }
        let path = isImage ? "images/image_\(number(index - videos)).\(index % 2 == 0 ? "png" : "jpg")"
                           : "videos/video_\(number(index)).mp4"
        items.append(DemoItem(path: path, isImage: isImage, width: frame.width, height: frame.height, fps: fps,
                              frameCount: frameCount, shape: shape, colour: colour, background: background,
                              motion: motion, size: size, start: start, end: end))
    }
    return items
}

/// The side that makes `shape` cover at least a quarter of the frame, with 6 % to spare for the
/// pixel grid, plus `extra` percent for variety, at most the frame's short side.
func shapeSize(_ shape: DemoShape, width: Int, height: Int, extra: Int) -> Int {
    let quarter = Double(width * height) / 4
    let side = (quarter / shape.fill).squareRoot() * (1.06 + Double(extra) / 100)
    return min(min(width, height), Int(side.rounded(.up)))
}
