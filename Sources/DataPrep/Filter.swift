import DataTable

/// A closed range where either end may be open, written `MIN:MAX`, `MIN:` or `:MAX`.
public struct NumericRange: Sendable, Equatable, CustomStringConvertible {
    public var lower: Double?
    public var upper: Double?

    public init(lower: Double?, upper: Double?) {
        self.lower = lower
        self.upper = upper
    }

    /// Nil when the text is not of that form.
    public init?(parsing text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return nil }
        let bounds = parts.map { $0.isEmpty ? Optional<Double>.none : Double($0) }
        guard (parts[0].isEmpty || bounds[0] != nil), (parts[1].isEmpty || bounds[1] != nil),
              bounds[0] != nil || bounds[1] != nil else { return nil }
        if let low = bounds[0], let high = bounds[1], low > high { return nil }
        lower = bounds[0]
        upper = bounds[1]
    }

    public func contains(_ value: Double) -> Bool { (lower.map { value >= $0 } ?? true) && (upper.map { value <= $0 } ?? true) }

    public var description: String { "\(lower.map { "\($0)" } ?? ""):\(upper.map { "\($0)" } ?? "")" }
}

/// One `data filter` rule. A row whose value for the rule is missing or not a number is removed by
/// that rule: a filter cannot vouch for what it cannot read (run `data info` first).
public enum FilterRule: Sendable, Equatable {
    case maxSizeMB(Double)
    case minFrames(Int)
    case maxFrames(Int)
    case minResolution(Int)
    case fpsRange(NumericRange)
    case aspectRange(NumericRange)
    case dropErrors
    case removeEmptyCaption

    /// The flag as the user wrote it, for the summary.
    public var name: String {
        switch self {
        case .maxSizeMB(let value): "--max-size-mb \(formatFloat(value))"
        case .minFrames(let value): "--min-frames \(value)"
        case .maxFrames(let value): "--max-frames \(value)"
        case .minResolution(let value): "--min-resolution \(value)"
        case .fpsRange(let range): "--fps-range \(range)"
        case .aspectRange(let range): "--aspect-range \(range)"
        case .dropErrors: "--drop-errors"
        case .removeEmptyCaption: "--remove-empty-caption"
        }
    }

    var column: String {
        switch self {
        case .maxSizeMB: "file_size"
        case .minFrames, .maxFrames: "num_frames"
        case .minResolution: "resolution"
        case .fpsRange: "fps"
        case .aspectRange: "aspect_ratio"
        case .dropErrors: "error"
        case .removeEmptyCaption: "text"
        }
    }

    func keeps(_ field: String) -> Bool {
        // Text that parses as a number as it is has no whitespace at either end, so trimming could
        // not change it; Foundation's trim is slow enough to show on a million-row filter.
        let number = Double(field) ?? Double(field.trimmingCharacters(in: .whitespaces))
        switch self {
        case .maxSizeMB(let limit): return number.map { $0 <= limit * 1024 * 1024 } ?? false
        case .minFrames(let limit): return number.map { $0 >= Double(limit) } ?? false
        case .maxFrames(let limit): return number.map { $0 <= Double(limit) } ?? false
        case .minResolution(let limit): return number.map { $0 >= Double(limit) } ?? false
        case .fpsRange(let range), .aspectRange(let range): return number.map(range.contains) ?? false
        case .dropErrors: return isBlank(field)
        case .removeEmptyCaption: return !isBlank(field)
        }
    }
}

public struct FilterSummary: Sendable, Equatable {
    public var rowsRead = 0
    public var rowsWritten = 0
    /// Rows removed by each rule, in the order the rules are applied; a row counts for the first
    /// rule that removes it.
    public var removed: [(rule: String, rows: Int)] = []

    public static func == (a: FilterSummary, b: FilterSummary) -> Bool {
        a.rowsRead == b.rowsRead && a.rowsWritten == b.rowsWritten
            && a.removed.map(\.rule) == b.removed.map(\.rule) && a.removed.map(\.rows) == b.removed.map(\.rows)
    }
}

/// `data filter`: keeps the rows every rule keeps. A rule on a column the table lacks is a usage error.
public func filterTable(input: String, output: String, rules: [FilterRule]) throws -> FilterSummary {
    try reportingTableErrors {
        let reader = try TableReader(path: input)
        // --drop-errors on a table without an error column has nothing to drop.
        let needed = rules.filter { $0 != .dropErrors }.map(\.column)
        try require(Array(Set(needed)).sorted(), in: reader)
        let columns = rules.map { reader.header.index(of: $0.column) }
        let writer = try CSVWriter(path: output)
        try writer.write(reader.header.names)
        var summary = FilterSummary(removed: rules.map { ($0.name, 0) })
        while let row = try reader.next() {
            summary.rowsRead += 1
            if let failing = rules.indices.first(where: { !rules[$0].keeps(row[columns[$0]]) }) {
                summary.removed[failing].rows += 1
                continue
            }
            try writer.write(row.fields)
            summary.rowsWritten += 1
        }
        try writer.commit()
        return summary
    }
}
