/// The diff as JSON for scripts. The schema (`strata-diff/1`) is documented in docs/diff.md;
/// field names are snake_case like the Python tools that will read it. Summaries always carry
/// the differences they stand for, so a script never needs `--full`.
public enum DiffJSONRenderer {
    public static let schema = "strata-diff/1"

    public static func render(_ diff: ConfigDiff) -> String {
        let counts = diff.counts
        let document: DiffJSONValue = .object([
            ("schema", .string(schema)),
            ("a", .string(diff.labelA)),
            ("b", .string(diff.labelB)),
            ("equal", .bool(diff.isEqual)),
            ("counts", .object([
                ("added", .int(Int64(counts.added))), ("removed", .int(Int64(counts.removed))),
                ("changed", .int(Int64(counts.changed))), ("reordered", .int(Int64(counts.reordered))),
                ("total", .int(Int64(counts.total))),
            ])),
            ("differences", .array(diff.entries.map(entry))),
        ])
        var out = ""
        document.write(into: &out, indent: 0)
        return out + "\n"
    }

    private static func entry(_ entry: DiffEntry) -> DiffJSONValue {
        var fields: [(String, DiffJSONValue)] = [
            ("kind", .string(entry.kind.rawValue)),
            ("path", .string(entry.path.description)),
            ("segments", .array(entry.path.segments.map(segment))),
        ]
        // A summary's sides give type and origin only: its values are in its `differences`.
        let withValue = entry.kind != .summary
        if let a = entry.a { fields.append(("a", side(a, withValue: withValue))) }
        if let b = entry.b { fields.append(("b", side(b, withValue: withValue))) }
        if let numeric = entry.numericChange {
            switch numeric.delta {
            case .int(let value): fields.append(("delta", .int(value)))
            case .float(let value): fields.append(("delta", .float(value)))
            }
            fields.append(("ratio", numeric.ratio.map { .float($0) } ?? .null))
        }
        if let types = entry.typeChange {
            fields.append(("type_change", .object([("a", .string(types.a)), ("b", .string(types.b))])))
        }
        if let summary = entry.summary {
            fields.append(("summary", .object([
                ("unit", .string(summary.unit)),
                ("count_a", .int(Int64(summary.countA))),
                ("count_b", .int(Int64(summary.countB))),
                ("changed", .int(Int64(summary.changed))),
                ("changed_positions", summary.changedPositions.map { .array($0.map { .int(Int64($0)) }) } ?? .null),
                ("added", .array(summary.added.map(segment))),
                ("removed", .array(summary.removed.map(segment))),
                ("deleted_a", summary.deletedA.map(origin) ?? .null),
                ("deleted_b", summary.deletedB.map(origin) ?? .null),
                ("leaves", .int(Int64(entry.leaves.count))),
            ])))
            fields.append(("differences", .array(entry.children.map(self.entry))))
        }
        return .object(fields)
    }

    private static func segment(_ segment: DiffPathSegment) -> DiffJSONValue {
        switch segment {
        case .key(.string(let name)): return .object([("key", .string(name))])
        case .key(.int(let value)): return .object([("key", .int(value))])
        case .index(let index): return .object([("index", .int(Int64(index)))])
        case .type(let type): return .object([("type", .string(type))])
        }
    }

    private static func side(_ node: ConfigNode, withValue: Bool) -> DiffJSONValue {
        var fields: [(String, DiffJSONValue)] = []
        if withValue {
            fields.append(("value", value(node.value)))
            fields.append(("repr", .string(PythonRepr.render(node.value))))
        }
        fields.append(("type", .string(PythonRepr.typeName(node.value))))
        fields.append(("origin", node.origin.map(origin) ?? .null))
        return .object(fields)
    }

    private static func origin(_ origin: Origin) -> DiffJSONValue {
        switch origin {
        case .file(let location), .experiment(let location):
            if case .experiment = origin {
                return .object([("kind", .string("experiment")), ("file", .string(location.file)),
                                ("line", .int(Int64(location.line))), ("column", .int(Int64(location.column)))])
            }
            return .object([("kind", .string("file")), ("file", .string(location.file)),
                            ("line", .int(Int64(location.line))), ("column", .int(Int64(location.column)))])
        case .argument(let index, let text):
            return .object([("kind", .string("argument")), ("index", .int(Int64(index))), ("text", .string(text))])
        case .builtin(let why):
            return .object([("kind", .string("builtin")), ("text", .string(why))])
        }
    }

    /// Plain JSON for the value: tuples become arrays and integer keys strings (as json.dumps
    /// does); non-finite floats become the strings "nan", "inf", "-inf" so the output stays
    /// strict JSON. `repr` and `type` keep what this loses.
    private static func value(_ value: ConfigValue) -> DiffJSONValue {
        switch value {
        case .null: return .null
        case .bool(let flag): return .bool(flag)
        case .int(let number): return .int(number)
        case .float(let number): return number.isFinite ? .float(number) : .string(PythonFloat.repr(number))
        case .string(let text), .timestamp(let text): return .string(text)
        case .list(let items), .tuple(let items): return .array(items.map { self.value($0.value) })
        case .mapping(let entries): return .object(entries.map { ($0.key.description, self.value($0.value.value)) })
        }
    }
}

/// A minimal ordered JSON tree and writer: the diff needs key order and exact float text, which
/// JSONSerialization does not promise.
enum DiffJSONValue {
    case null
    case bool(Bool)
    case int(Int64)
    case float(Double)
    case string(String)
    case array([DiffJSONValue])
    case object([(String, DiffJSONValue)])

    func write(into out: inout String, indent: Int) {
        switch self {
        case .null: out += "null"
        case .bool(let flag): out += flag ? "true" : "false"
        case .int(let number): out += String(number)
        case .float(let number): out += number.isFinite ? PythonFloat.repr(number) : "null"
        case .string(let text): Self.quote(text, into: &out)
        case .array(let items):
            if items.isEmpty { out += "[]"; return }
            // Arrays of scalars stay on one line: a tuple value reads better as [1.0, 45].
            if items.allSatisfy(\.isScalar) {
                out += "["
                for (index, item) in items.enumerated() {
                    if index > 0 { out += ", " }
                    item.write(into: &out, indent: indent)
                }
                out += "]"
                return
            }
            out += "[\n"
            for (index, item) in items.enumerated() {
                out += String(repeating: " ", count: indent + 2)
                item.write(into: &out, indent: indent + 2)
                out += index == items.count - 1 ? "\n" : ",\n"
            }
            out += String(repeating: " ", count: indent) + "]"
        case .object(let fields):
            if fields.isEmpty { out += "{}"; return }
            // Objects of scalars (path segments, origins) stay on one line too.
            if fields.allSatisfy(\.1.isScalar) {
                out += "{"
                for (index, (key, value)) in fields.enumerated() {
                    if index > 0 { out += ", " }
                    Self.quote(key, into: &out)
                    out += ": "
                    value.write(into: &out, indent: indent)
                }
                out += "}"
                return
            }
            out += "{\n"
            for (index, (key, value)) in fields.enumerated() {
                out += String(repeating: " ", count: indent + 2)
                Self.quote(key, into: &out)
                out += ": "
                value.write(into: &out, indent: indent + 2)
                out += index == fields.count - 1 ? "\n" : ",\n"
            }
            out += String(repeating: " ", count: indent) + "}"
        }
    }

    private var isScalar: Bool {
        switch self {
        case .array, .object: return false
        default: return true
        }
    }

    static func quote(_ text: String, into out: inout String) {
        out += JSONWriter.quoted(text)
    }
}
