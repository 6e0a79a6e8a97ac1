import ArgumentParser
import CLISupport
import DataPrep

struct DataFilter: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "filter",
        abstract: "Keep the rows that pass every given rule, and say how many rows each rule removed.",
        discussion: """
        A row without a value for a rule's column is removed by that rule (run 'data info' first). Ranges are \
        MIN:MAX, MIN: or :MAX.

        Example:
          strata data filter info.csv kept.csv --min-frames 33 --fps-range 20:60 \\
            --drop-errors
        """
    )

    @Argument(help: "The input table.") var input: String
    @Argument(help: "The output table.") var output: String
    @OptionGroup var verbosity: OutputOptions
    @Option(name: .customLong("max-size-mb"), help: "Largest file_size in MiB.") var maxSizeMB: Double?
    @Option(name: .customLong("min-frames"), help: "Fewest num_frames.") var minFrames: Int?
    @Option(name: .customLong("max-frames"), help: "Most num_frames.") var maxFrames: Int?
    @Option(name: .customLong("min-resolution"), help: "Fewest pixels per frame (height × width), e.g. 65536 or 256x256.")
    var minResolution: String?
    @Option(name: .customLong("fps-range"), help: "fps range MIN:MAX.") var fpsRange: String?
    @Option(name: .customLong("aspect-range"), help: "aspect_ratio (height / width) range MIN:MAX.") var aspectRange: String?
    @Flag(name: .customLong("drop-errors"), help: "Drop rows with a non-empty 'error'.") var dropErrors = false
    @Flag(name: .customLong("remove-empty-caption"), help: "Drop rows whose 'text' is empty.") var removeEmptyCaption = false

    func rules() throws -> [FilterRule] {
        var rules: [FilterRule] = []
        if let maxSizeMB { rules.append(.maxSizeMB(maxSizeMB)) }
        if let minFrames { rules.append(.minFrames(minFrames)) }
        if let maxFrames { rules.append(.maxFrames(maxFrames)) }
        if let minResolution {
            let parts = minResolution.lowercased().split(separator: "x").compactMap { Int($0) }
            guard let pixels = parts.count == 1 ? parts[0] : parts.count == 2 ? parts[0] * parts[1] : nil, pixels > 0 else {
                throw CommandFailure.usage("--min-resolution expects a pixel count or WIDTHxHEIGHT, got '\(minResolution)'")
            }
            rules.append(.minResolution(pixels))
        }
        for (flag, text, make) in [("--fps-range", fpsRange, FilterRule.fpsRange), ("--aspect-range", aspectRange, FilterRule.aspectRange)] {
            guard let text else { continue }
            guard let range = NumericRange(parsing: text) else {
                throw CommandFailure.usage("\(flag) expects MIN:MAX, MIN: or :MAX with MIN ≤ MAX, got '\(text)'")
            }
            rules.append(make(range))
        }
        if dropErrors { rules.append(.dropErrors) }
        if removeEmptyCaption { rules.append(.removeEmptyCaption) }
        guard !rules.isEmpty else { throw CommandFailure.usage("give at least one rule, e.g. --min-frames 33 (see --help)") }
        return rules
    }

    func run() throws {
        let rules = try rules()
        let summary = try runDataVerb(inputs: [input]) { try filterTable(input: input, output: output, rules: rules) }
        for (rule, rows) in summary.removed { print("\(rule): removed \(rows) rows") }
        print("\(summary.rowsRead) rows read, \(summary.rowsWritten) kept in \(output)")
    }
}
