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
        if !fpsText.isEmpty && fpsText.lowercased() != "nan" {
            guard let value = Double(fpsText), value.isFinite else {
                throw SampleTableRowError(reason: "fps '\(fpsText)' is not a number")
            }
            fps = value
        }
        return SampleShape(frames: frames, height: height, width: width, fps: fps)
    }

    /// A whole number, also written as pandas writes a float column ("150.0").
    private static func count(_ text: String, _ column: String, allowZero: Bool) throws -> Int {
        if let value = Int(text), value > 0 || (allowZero && value == 0), value < 1 << 31 { return value }
        if let value = Double(text), value.rounded() == value, value > 0 || (allowZero && value == 0), value < Double(1 << 31) {
            return Int(value)
        }
        throw SampleTableRowError(reason: text.isEmpty ? "\(column) is empty" : "\(column) '\(text)' is not a \(allowZero ? "non-negative" : "positive") whole number")
    }
}
