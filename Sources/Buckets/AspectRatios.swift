import Foundation

/// One bucket shape of a resolution: the ratio's name ("W:H", as Open-Sora writes it) and the
/// frame size in pixels.
public struct AspectRatioEntry: Sendable, Hashable, Codable {
    public var name: String
    public var height: Int
    public var width: Int
    /// H/W of the nominal ratio (`get_ratio`), what `closestRatio` compares; not height/width.
    public var nominalRatio: Double

    public init(name: String, height: Int, width: Int) {
        self.name = name
        self.height = height
        self.width = width
        nominalRatio = AspectRatios.nominalRatio(name)
    }
}

/// The aspect-ratio table of one resolution name ("256px", "720p", "768px_max", "512px_ar1:1").
public struct AspectRatioTable: Sendable, Hashable {
    public var resolution: String
    /// The pixel budget the name stands for.
    public var pixels: Int
    /// In Open-Sora's dict order, which decides ties in `closestRatio`.
    public var entries: [AspectRatioEntry]

    /// The index of the entry whose nominal H/W is closest to `height / width`; the first such
    /// entry on a tie (Python's `min` over the dict).
    public func closestRatio(height: Double, width: Double) -> Int {
        let ratio = height / width
        var best = 0
        var bestDistance = Double.infinity
        for (index, entry) in entries.enumerated() {
            let distance = abs(ratio - entry.nominalRatio)
            if distance < bestDistance {
                best = index
                bestDistance = distance
            }
        }
        return best
    }
}

/// A resolution name or pixel budget that gives no table; the message says what was expected.
public struct AspectRatioError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

/// Open-Sora 2.0's aspect-ratio tables (`opensora/datasets/aspect.py`), computed from pixel
/// budgets; `D` is the autoencoder's spatial compression (`ae_spatial_compression`, default 16),
/// which Open-Sora reads from the environment variable `AE_SPATIAL_COMPRESSION`.
public enum AspectRatios {
    /// Width:height ratios, in the order that decides de-duplication and ties.
    public static let ratioNames = ["2.39:1", "2:1", "16:9", "1.85:1", "9:16", "5:8", "3:2", "4:3", "1:1"]

    /// `get_ratio("W:H")` = H / W.
    public static func nominalRatio(_ name: String) -> Double {
        let parts = name.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let width = Double(parts[0]), let height = Double(parts[1]) else { return .nan }
        return height / width
    }

    /// `get_aspect_ratios_dict(pixels, training)`: per ratio, the width is rounded down to a
    /// multiple of D from the exact width, the height from pixels / width; training mode then moves
    /// to whichever of the four D-neighbours of that pair comes strictly closest to the budget,
    /// and skips a ratio whose size an earlier ratio already has. Each kept ratio adds its mirror
    /// ("H:W", sides swapped), merged in at the end, overwriting same-named direct entries.
    public static func table(pixels: Int, compression D: Int, training: Bool = true) throws(AspectRatioError) -> [AspectRatioEntry] {
        guard D >= 1 else { throw AspectRatioError(message: "the spatial compression must be at least 1, got \(D)") }
        var direct: [AspectRatioEntry] = []
        var mirrors: [AspectRatioEntry] = []
        let step = Double(D)
        for name in ratioNames {
            let parts = name.split(separator: ":")
            let ratioWidth = Double(parts[0])!
            let ratioHeight = Double(parts[1])!
            var width = Int(pythonFloorDivide((Double(pixels) * (ratioWidth / ratioHeight)).squareRoot(), step)) * D
            guard width > 0 else {
                throw AspectRatioError(message: "\(pixels) pixels are too few for ratio \(name) at spatial compression \(D): the width rounds down to 0")
            }
            var height = Int(pythonFloorDivide(Double(pixels) / Double(width), step)) * D
            if training {
                var difference = abs(height * width - pixels)
                for (h, w) in [(height - D, width), (height + D, width), (height, width - D), (height, width + D)]
                where abs(h * w - pixels) < difference {
                    (height, width, difference) = (h, w, abs(h * w - pixels))
                }
            }
            guard height > 0 else {
                throw AspectRatioError(message: "\(pixels) pixels are too few for ratio \(name) at spatial compression \(D): the height rounds down to 0")
            }
            if !training || !direct.contains(where: { $0.height == height && $0.width == width }) {
                direct.append(AspectRatioEntry(name: name, height: height, width: width))
                mirrors.append(AspectRatioEntry(name: "\(parts[1]):\(parts[0])", height: width, width: height))
            }
        }
        // dict.update: a mirror whose name is already present replaces the value in place.
        for mirror in mirrors {
            if let index = direct.firstIndex(where: { $0.name == mirror.name }) {
                direct[index] = mirror
            } else {
                direct.append(mirror)
            }
        }
        return direct
    }

    /// `get_num_pexels_from_name`: "<N>px" is N×N pixels, "<N>p" is int(N×N / 9 × 16) (16:9 with
    /// height N); any suffix after "_" is ignored here.
    public static func pixels(forResolution name: String) throws(AspectRatioError) -> Int {
        let base = name.split(separator: "_", omittingEmptySubsequences: false)[0]
        let digits: Substring
        let isSquare: Bool
        if base.hasSuffix("px") {
            digits = base.dropLast(2)
            isSquare = true
        } else if base.hasSuffix("p") {
            digits = base.dropLast()
            isSquare = false
        } else {
            throw AspectRatioError(message: "unknown resolution '\(name)': expected '<N>px' (N×N pixels) or '<N>p' (16:9, N high), optionally with '_max' or '_ar<W:H>'")
        }
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }), digits.count <= 9, let size = Int(digits), size > 0 else {
            throw AspectRatioError(message: "unknown resolution '\(name)': '\(digits)' is not a positive whole number of pixels")
        }
        return isSquare ? size * size : Int(Double(size * size) / 9 * 16)
    }

    /// `get_resolution_with_aspect_ratio(name)` with spatial compression D: the budget and the
    /// table, narrowed to the largest-area ratio by "_max" (the first on a tie) or to one ratio by
    /// "_ar<W:H>".
    public static func table(resolution name: String, compression D: Int) throws(AspectRatioError) -> AspectRatioTable {
        let parts = name.split(separator: "_", omittingEmptySubsequences: false)
        guard parts.count <= 2 else {
            throw AspectRatioError(message: "unknown resolution '\(name)': at most one '_' setting ('_max' or '_ar<W:H>') may follow the size")
        }
        let setting = parts.count == 2 ? String(parts[1]) : ""
        guard setting.isEmpty || setting == "max" || setting.hasPrefix("ar") else {
            throw AspectRatioError(message: "unknown resolution setting '_\(setting)' in '\(name)': expected '_max' or '_ar<W:H>' such as '_ar16:9'")
        }
        let pixels = try pixels(forResolution: name)
        var entries = try table(pixels: pixels, compression: D)
        if setting == "max" {
            var best = 0
            for (index, entry) in entries.enumerated() where entry.height * entry.width > entries[best].height * entries[best].width {
                best = index
            }
            entries = [entries[best]]
        } else if setting.hasPrefix("ar") {
            let wanted = String(setting.dropFirst(2))
            guard let entry = entries.first(where: { $0.name == wanted }) else {
                throw AspectRatioError(message: "aspect ratio '\(wanted)' of '\(name)' is not in its table (\(entries.map(\.name).joined(separator: ", ")))")
            }
            entries = [entry]
        }
        return AspectRatioTable(resolution: name, pixels: pixels, entries: entries)
    }

    /// Python's float floor division `a // b` (CPython `float_floor_div`), which can differ from
    /// `floor(a / b)` in the last bit; the tables must match Open-Sora's to the pixel.
    static func pythonFloorDivide(_ a: Double, _ b: Double) -> Double {
        var remainder = fmod(a, b)
        var quotient = (a - remainder) / b
        if remainder != 0, (b < 0) != (remainder < 0) {
            remainder += b
            quotient -= 1
        }
        guard quotient != 0 else { return copysign(0, a / b) }
        var floored = quotient.rounded(.down)
        if quotient - floored > 0.5 { floored += 1 }
        return floored
    }
}
