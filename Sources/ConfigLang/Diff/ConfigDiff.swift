import Foundation

/// A semantic difference between two resolved configs.
///
/// The engine only sees two `ConfigNode` trees and a label for each, never where they came from:
/// the same value diffs two files, a stage and its parent, two experiments or two saved runs.
/// Each real change appears exactly once, either as its own entry or inside one summary entry
/// (a subtree replaced wholesale), so counts and renderers never double-report.
///
/// ```swift
/// let diff = ConfigDiff(a.root, b.root, labels: ("stage1.py", "stage2.py"))
/// print(DiffTextRenderer.render(diff))
/// ```
public struct ConfigDiff: Sendable {
    /// Thresholds that decide how much is collapsed; the defaults aim at the fewest, most
    /// meaningful lines.
    public struct Options: Sendable {
        /// A container is summarised only when it would otherwise print at least this many lines;
        /// below that, a summary would hide detail without saving space.
        public var summaryMinimumLines: Int = 6
        /// Lists and tuples of scalars are compared as one value while both sides print in at most
        /// this many characters; longer ones of equal length are compared item by item.
        public var wholeValueLimit: Int = 60

        public init() {}
    }

    public var labelA: String
    public var labelB: String
    /// The differences in key order (A's order, then keys only B has), summaries collapsed.
    public var entries: [DiffEntry]

    public init(_ a: ConfigNode, _ b: ConfigNode, labels: (a: String, b: String), options: Options = Options()) {
        labelA = labels.a
        labelB = labels.b
        entries = DiffEngine(options: options).compare(a, b, at: DiffPath())
    }

    public var isEqual: Bool { entries.isEmpty }

    /// Every difference once, with summaries replaced by what they stand for.
    public var leaves: [DiffEntry] { entries.flatMap(\.leaves) }

    /// How many leaf differences there are of each kind.
    public var counts: DiffCounts {
        var counts = DiffCounts()
        for leaf in leaves {
            switch leaf.kind {
            case .added: counts.added += 1
            case .removed: counts.removed += 1
            case .changed: counts.changed += 1
            case .reordered: counts.reordered += 1
            case .summary: break
            }
        }
        return counts
    }
}

public struct DiffCounts: Sendable, Equatable {
    public var added = 0, removed = 0, changed = 0, reordered = 0
    public var total: Int { added + removed + changed + reordered }
}

/// One step of a path: a mapping key (integer keys stay integers), a list index, or a list item
/// found by its `type` (lists of mappings that each have a unique string `type`).
public enum DiffPathSegment: Hashable, Sendable {
    case key(ConfigKey)
    case index(Int)
    case type(String)
}

/// Where a difference is: `bucket_config.256px.33`, `layers[2].dim`, `blocks[type=attention].heads`.
public struct DiffPath: Hashable, Sendable, CustomStringConvertible {
    public var segments: [DiffPathSegment]

    public init(_ segments: [DiffPathSegment] = []) { self.segments = segments }

    public func appending(_ segment: DiffPathSegment) -> DiffPath { DiffPath(segments + [segment]) }

    /// Dotted keys as overrides spell them; a string key that would read as something else (an
    /// integer, a dotted path, brackets) is quoted, so `33` and `'33'` stay apart.
    public var description: String {
        if segments.isEmpty { return "(root)" }
        var out = ""
        for segment in segments {
            switch segment {
            case .key(.int(let value)):
                if !out.isEmpty { out += "." }
                out += String(value)
            case .key(.string(let name)):
                if !out.isEmpty { out += "." }
                out += Self.isPlain(name) ? name : PythonRepr.string(name)
            case .index(let index): out += "[\(index)]"
            case .type(let type): out += "[type=\(Self.isPlain(type) ? type : PythonRepr.string(type))]"
            }
        }
        return out
    }

    static func isPlain(_ name: String) -> Bool {
        guard !name.isEmpty, Int64(name) == nil else { return false }
        return !name.unicodeScalars.contains { " .[]='\"\t\n".unicodeScalars.contains($0) }
    }
}

/// One difference. `a` and `b` are the nodes on each side (absent on the side that lacks the
/// value); their `origin` says which file:line or argument set them.
public struct DiffEntry: Sendable {
    public enum Kind: String, Sendable {
        case added, removed, changed
        /// A list of typed mappings holds the same types in another order.
        case reordered
        /// A container replaced (nearly) wholesale, standing for `children`.
        case summary
    }

    public var kind: Kind
    public var path: DiffPath
    public var a: ConfigNode?
    public var b: ConfigNode?
    /// For `.summary`: the counts printed on its line.
    public var summary: DiffSummary?
    /// For `.summary`: the differences it stands for (`--full` prints them instead).
    public var children: [DiffEntry] = []

    public var leaves: [DiffEntry] { kind == .summary ? children.flatMap(\.leaves) : [self] }

    /// Delta and ratio when both sides are numbers (booleans are not numbers here).
    public var numericChange: NumericChange? {
        guard kind == .changed, let a = a?.value, let b = b?.value else { return nil }
        return NumericChange(a, b)
    }

    /// The Python type names on each side when they differ (`int → float`).
    public var typeChange: (a: String, b: String)? {
        guard kind == .changed, let a, let b else { return nil }
        let (x, y) = (PythonRepr.typeName(a.value), PythonRepr.typeName(b.value))
        return x == y ? nil : (x, y)
    }
}

/// The counts a summary line shows: `33 entries → 32; 32 changed (all at [1]), 1 removed: 69`.
public struct DiffSummary: Sendable {
    /// "entries" for mappings, "items" for lists and tuples.
    public var unit: String
    public var countA: Int
    public var countB: Int
    public var added: [DiffPathSegment]
    public var removed: [DiffPathSegment]
    /// Direct children present on both sides whose values differ.
    public var changed: Int
    /// When every changed child is a list or tuple of the same length that differs at the same
    /// positions (bucket rows whose batch size changed: `[1]`), those positions.
    public var changedPositions: [Int]?
    /// Where `_delete_` replaced the container on each side, if it did.
    public var deletedA: Origin?
    public var deletedB: Origin?
}

/// `new - old` (an integer when both are integers and it fits) and `new / old`.
public struct NumericChange: Sendable, Equatable {
    public enum Delta: Sendable, Equatable {
        case int(Int64)
        case float(Double)
    }
    public var delta: Delta
    /// nil when the old value is 0 or either side is not finite.
    public var ratio: Double?

    public init(delta: Delta, ratio: Double?) {
        self.delta = delta
        self.ratio = ratio
    }

    init?(_ a: ConfigValue, _ b: ConfigValue) {
        switch (a, b) {
        case (.int(let x), .int(let y)):
            let (difference, overflow) = y.subtractingReportingOverflow(x)
            delta = overflow ? .float(Double(y) - Double(x)) : .int(difference)
            ratio = x == 0 ? nil : Double(y) / Double(x)
        case (.int(let x), .float(let y)): (delta, ratio) = Self.floats(Double(x), y)
        case (.float(let x), .int(let y)): (delta, ratio) = Self.floats(x, Double(y))
        case (.float(let x), .float(let y)): (delta, ratio) = Self.floats(x, y)
        default: return nil
        }
    }

    private static func floats(_ x: Double, _ y: Double) -> (Delta, Double?) {
        // 12 significant digits drop the binary noise of the subtraction (5e-5 - 1e-5 is
        // 4.0000000000000003e-05 in doubles) while keeping every digit a config writes.
        let difference = y - x
        let tidy = difference.isFinite ? Double(String(format: "%.12g", difference)) ?? difference : difference
        return (.float(tidy), x == 0 || !x.isFinite || !y.isFinite ? nil : y / x)
    }
}
