import DataTable

/// The shape columns of a dataset table, what bucket assignment reads: `num_frames`, `height`,
/// `width` and `fps` (empty or NaN for images). A row whose values cannot be read becomes
/// `SampleShape.invalid` (dropped with a reason, never a guess); its line is remembered.
public struct SampleTable: Sendable {
    public static let columns = ["num_frames", "height", "width", "fps"]

    public var samples: [SampleShape]
    /// File line of every row (for messages about a row).
    public var lines: [Int]
    /// Rows whose values could not be read, with the reason (first 100).
    public var invalidRows: [(line: Int, reason: String)]
    public var invalidCount: Int

    public init(samples: [SampleShape], lines: [Int]) {
        self.samples = samples
        self.lines = lines
        invalidRows = []
        invalidCount = 0
    }

    public static func read(_ path: String) throws -> SampleTable {
        let reader = try TableReader(path: path)
        let positions = try columns.map { name in
            guard let index = reader.header.index(of: name) else {
                throw TableError(path: path, line: 1, message: "the table has no '\(name)' column (bucket assignment needs \(columns.joined(separator: ", ")); 'strata data info' computes them)")
            }
            return index
        }
        var table = SampleTable(samples: [], lines: [])
        while let row = try reader.next() {
            table.lines.append(row.line)
            do {
                table.samples.append(try parse(row, positions))
            } catch let failure as SampleTableRowError {
                table.samples.append(.invalid)
                table.invalidCount += 1
                if table.invalidRows.count < 100 { table.invalidRows.append((row.line, failure.reason)) }
            }
        }
        return table
    }

    private struct SampleTableRowError: Error { var reason: String }

    private static func parse(_ row: TableRow, _ positions: [Int]) throws -> SampleShape {
        let frames = try count(row[positions[0]], "num_frames", allowZero: true)
        let height = try count(row[positions[1]], "height", allowZero: false)
        let width = try count(row[positions[2]], "width", allowZero: false)
        let fpsText = row[positions[3]]
        var fps = Double.nan
        if !fpsText.isEmpty && fpsText != "nan" && fpsText != "NaN" {
            guard let value = plainDecimal(fpsText) ?? Double(fpsText), value.isFinite else {
                throw SampleTableRowError(reason: "fps '\(fpsText)' is not a number")
            }
            fps = value
        }
        return SampleShape(frames: frames, height: height, width: width, fps: fps)
    }

    /// "123" or "12.375" (digits, at most one point, at most 15 significant digits): the value as
    /// one exact integer divided by an exact power of ten, which IEEE division rounds correctly,
    /// so it equals strtod's (and Python's float()) result. Anything else: nil, for Double(_:).
    static func plainDecimal(_ text: String) -> Double? {
        var mantissa: Int64 = 0
        var digits = 0
        var fractionDigits = 0
        var seenPoint = false
        for byte in text.utf8 {
            if byte == UInt8(ascii: ".") {
                if seenPoint { return nil }
                seenPoint = true
            } else if byte >= 48 && byte <= 57 {
                mantissa = mantissa * 10 + Int64(byte - 48)
                digits += 1
                if seenPoint { fractionDigits += 1 }
                if digits > 15 { return nil }
            } else {
                return nil
            }
        }
        guard digits > 0 else { return nil }
        return fractionDigits == 0 ? Double(mantissa) : Double(mantissa) / powersOfTen[fractionDigits]
    }

    private static let powersOfTen: [Double] = (0...15).map { exponent in
        (0..<exponent).reduce(1.0) { value, _ in value * 10 }
    }

    /// A whole number, also written as pandas writes a float column ("150.0").
    private static func count(_ text: String, _ column: String, allowZero: Bool) throws -> Int {
        if let value = plainDecimal(text), value.rounded() == value, value > 0 || (allowZero && value == 0), value < Double(1 << 31) {
            return Int(value)
        }
        if let value = Double(text), value.rounded() == value, value > 0 || (allowZero && value == 0), value < Double(1 << 31) {
            return Int(value)
        }
        throw SampleTableRowError(reason: text.isEmpty ? "\(column) is empty" : "\(column) '\(text)' is not a \(allowZero ? "non-negative" : "positive") whole number")
    }
}
