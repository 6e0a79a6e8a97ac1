/// The frames of a sample side by side in one picture worth looking at: small samples scaled up
/// (nearest neighbour, so pixels stay pixels) until the sheet is at least `minimumHeight` tall, a
/// gap between frames, and each frame's number in its top-left corner.
public struct ContactSheet: Sendable {
    public let pixels: [UInt8]
    public let width: Int
    public let height: Int
    /// How many sheet pixels one frame pixel became, and the gap between frames.
    public let scale: Int
    public let gap: Int

    public init(frames: [[UInt8]], width: Int, height: Int, minimumHeight: Int = 256) {
        scale = max(1, (minimumHeight + height - 1) / max(height, 1))
        gap = frames.count > 1 ? max(2, scale) : 0
        let cellWidth = width * scale, cellHeight = height * scale
        self.width = frames.count * cellWidth + max(0, frames.count - 1) * gap
        self.height = cellHeight
        var sheet = [UInt8](repeating: 255, count: self.width * self.height * 3)
        for (index, frame) in frames.enumerated() {
            let originX = index * (cellWidth + gap)
            for y in 0..<cellHeight {
                let source = (y / scale) * width
                let target = (y * self.width + originX) * 3
                for x in 0..<cellWidth {
                    let from = (source + x / scale) * 3
                    sheet[target + x * 3] = frame[from]
                    sheet[target + x * 3 + 1] = frame[from + 1]
                    sheet[target + x * 3 + 2] = frame[from + 2]
                }
            }
            Self.label(String(index), at: (originX, 0), dot: max(1, min(3, cellHeight / 64)), in: &sheet, sheetWidth: self.width, sheetHeight: self.height)
        }
        pixels = sheet
    }

    /// Digits 3 wide and 5 tall, one row of bits per line (most significant bit left).
    private static let glyphs: [Character: [UInt8]] = [
        "0": [7, 5, 5, 5, 7], "1": [2, 6, 2, 2, 7], "2": [7, 1, 7, 4, 7], "3": [7, 1, 7, 1, 7], "4": [5, 5, 7, 1, 1],
        "5": [7, 4, 7, 1, 7], "6": [7, 4, 7, 5, 7], "7": [7, 1, 1, 1, 1], "8": [7, 5, 7, 5, 7], "9": [7, 5, 7, 1, 7],
    ]

    /// White digits of `dot`-pixel squares on a black box, clipped to the sheet.
    private static func label(_ text: String, at origin: (x: Int, y: Int), dot: Int, in sheet: inout [UInt8], sheetWidth: Int, sheetHeight: Int) {
        let boxWidth = (text.count * 4 + 1) * dot, boxHeight = 7 * dot
        func paint(_ x: Int, _ y: Int, _ value: UInt8) {
            guard x >= 0, y >= 0, x < sheetWidth, y < sheetHeight else { return }
            let offset = (y * sheetWidth + x) * 3
            sheet[offset] = value
            sheet[offset + 1] = value
            sheet[offset + 2] = value
        }
        for y in 0..<boxHeight { for x in 0..<boxWidth { paint(origin.x + x, origin.y + y, 0) } }
        for (position, character) in text.enumerated() {
            guard let rows = glyphs[character] else { continue }
            for (row, bits) in rows.enumerated() {
                for column in 0..<3 where bits & (4 >> column) != 0 {
                    for dy in 0..<dot {
                        for dx in 0..<dot {
                            paint(origin.x + (1 + position * 4 + column) * dot + dx, origin.y + (1 + row) * dot + dy, 255)
                        }
                    }
                }
            }
        }
    }
}
