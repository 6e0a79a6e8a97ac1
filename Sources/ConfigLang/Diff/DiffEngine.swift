/// Aligns two config trees and produces the differences of a `ConfigDiff`.
///
/// Alignment is by meaning, not by line: mappings by key (integer and string keys stay apart),
/// lists of mappings by their `type` when every item on both sides has a unique string `type`
/// (lists of modules), otherwise by index. Lists and tuples of scalars are one value while short,
/// so `(8, 100) → (100, 100)` is one line, not one per item.
struct DiffEngine {
    var options: ConfigDiff.Options

    func compare(_ a: ConfigNode, _ b: ConfigNode, at path: DiffPath) -> [DiffEntry] {
        switch (a.value, b.value) {
        case (.mapping(let x), .mapping(let y)):
            return compareMappings(a, b, x, y, at: path)
        case (.list(let x), .list(let y)), (.tuple(let x), .tuple(let y)):
            return compareSequences(a, b, x, y, at: path)
        default:
            return a.value == b.value ? [] : [DiffEntry(kind: .changed, path: path, a: a, b: b)]
        }
    }

    // MARK: - Mappings

    private func compareMappings(_ a: ConfigNode, _ b: ConfigNode, _ x: ConfigMapping, _ y: ConfigMapping, at path: DiffPath) -> [DiffEntry] {
        var entries: [DiffEntry] = []
        var tally = Tally()
        for (key, left) in x {
            let childPath = path.appending(.key(key))
            if let right = y[key] {
                let found = compare(left, right, at: childPath)
                if !found.isEmpty { tally.changed(found) }
                entries += found
            } else {
                entries.append(DiffEntry(kind: .removed, path: childPath, a: left, b: nil))
                tally.removed.append(.key(key))
            }
        }
        for (key, right) in y where x[key] == nil {
            entries.append(DiffEntry(kind: .added, path: path.appending(.key(key)), a: nil, b: right))
            tally.added.append(.key(key))
        }
        let union = x.count + tally.added.count
        return summarised(entries, a, b, at: path, unit: "entries", counts: (x.count, y.count), union: union, tally: tally)
    }

    // MARK: - Lists and tuples

    private func compareSequences(_ a: ConfigNode, _ b: ConfigNode, _ x: [ConfigNode], _ y: [ConfigNode], at path: DiffPath) -> [DiffEntry] {
        if a.value == b.value { return [] }
        if let typesA = Self.uniqueTypes(x), let typesB = Self.uniqueTypes(y), !(x.isEmpty && y.isEmpty) {
            return compareByType(a, b, x, y, typesA, typesB, at: path)
        }
        let nested = (x + y).contains { $0.value.isMapping || $0.value.sequenceItems != nil }
        if !nested {
            // Scalars: one line while the whole value is short (or the lengths differ, where
            // item-by-item pairs would be misaligned after the first insertion anyway).
            let short = PythonRepr.render(a.value).count <= options.wholeValueLimit
                && PythonRepr.render(b.value).count <= options.wholeValueLimit
            if short || x.count != y.count { return [DiffEntry(kind: .changed, path: path, a: a, b: b)] }
        }
        var entries: [DiffEntry] = []
        var tally = Tally()
        for index in 0..<max(x.count, y.count) {
            let childPath = path.appending(.index(index))
            if index < x.count, index < y.count {
                let found = compare(x[index], y[index], at: childPath)
                if !found.isEmpty { tally.changed(found) }
                entries += found
            } else if index < x.count {
                entries.append(DiffEntry(kind: .removed, path: childPath, a: x[index], b: nil))
                tally.removed.append(.index(index))
            } else {
                entries.append(DiffEntry(kind: .added, path: childPath, a: nil, b: y[index]))
                tally.added.append(.index(index))
            }
        }
        let union = max(x.count, y.count)
        return summarised(entries, a, b, at: path, unit: "items", counts: (x.count, y.count), union: union, tally: tally)
    }

    private func compareByType(
        _ a: ConfigNode, _ b: ConfigNode, _ x: [ConfigNode], _ y: [ConfigNode],
        _ typesA: [String], _ typesB: [String], at path: DiffPath
    ) -> [DiffEntry] {
        var entries: [DiffEntry] = []
        var tally = Tally()
        let indexB = Dictionary(uniqueKeysWithValues: typesB.enumerated().map { ($1, $0) })
        let setA = Set(typesA)
        for (index, type) in typesA.enumerated() {
            let childPath = path.appending(.type(type))
            if let other = indexB[type] {
                let found = compare(x[index], y[other], at: childPath)
                if !found.isEmpty { tally.changed(found) }
                entries += found
            } else {
                entries.append(DiffEntry(kind: .removed, path: childPath, a: x[index], b: nil))
                tally.removed.append(.type(type))
            }
        }
        for (index, type) in typesB.enumerated() where !setA.contains(type) {
            entries.append(DiffEntry(kind: .added, path: path.appending(.type(type)), a: nil, b: y[index]))
            tally.added.append(.type(type))
        }
        // The order of modules can matter (pipelines), so a permutation is a change of its own.
        let commonB = Set(typesB)
        if typesA.filter(commonB.contains) != typesB.filter(setA.contains) {
            entries.append(DiffEntry(kind: .reordered, path: path, a: a, b: b))
        }
        let union = x.count + tally.added.count
        return summarised(entries, a, b, at: path, unit: "items", counts: (x.count, y.count), union: union, tally: tally)
    }

    /// The `type` of each item when every item is a mapping with a string `type` and no two
    /// share one; otherwise nil (and the list is aligned by index).
    static func uniqueTypes(_ items: [ConfigNode]) -> [String]? {
        var types: [String] = []
        var seen: Set<String> = []
        for item in items {
            guard case .mapping(let entries) = item.value, case .string(let type)? = entries["type"]?.value,
                  seen.insert(type).inserted else { return nil }
            types.append(type)
        }
        return types
    }

    // MARK: - Summaries

    /// What the direct children of one container did, for its summary line.
    private struct Tally {
        var added: [DiffPathSegment] = []
        var removed: [DiffPathSegment] = []
        var changedEntries: [[DiffEntry]] = []
        var differing: Int { added.count + removed.count + changedEntries.count }
        mutating func changed(_ found: [DiffEntry]) { changedEntries.append(found) }
    }

    /// Collapses a container's differences into one summary line when it was replaced (nearly)
    /// wholesale: more than half of A's entries are gone or changed *and* more than half of B's
    /// are new or changed (a table rewritten, as the bucket rows between stages), or `_delete_`
    /// replaced it and at least a quarter differ. A mapping that only gained keys is extended,
    /// not replaced: its new keys and their values are worth a line each. Only when it saves
    /// lines (`summaryMinimumLines`), and never at the root, where a summary would say nothing
    /// but "everything".
    private func summarised(
        _ entries: [DiffEntry], _ a: ConfigNode, _ b: ConfigNode, at path: DiffPath,
        unit: String, counts: (Int, Int), union: Int, tally: Tally
    ) -> [DiffEntry] {
        guard !path.segments.isEmpty, entries.count >= options.summaryMinimumLines else { return entries }
        let deletedA = Self.deletion(in: a), deletedB = Self.deletion(in: b)
        let changed = tally.changedEntries.count
        let rewritten = (changed + tally.removed.count) * 2 > counts.0 && (changed + tally.added.count) * 2 > counts.1
        let replaced = (deletedA != nil || deletedB != nil) && tally.differing * 4 >= union
        guard rewritten || replaced else { return entries }
        let summary = DiffSummary(
            unit: unit, countA: counts.0, countB: counts.1, added: tally.added, removed: tally.removed,
            changed: tally.changedEntries.count, changedPositions: Self.commonPositions(tally.changedEntries),
            deletedA: deletedA, deletedB: deletedB)
        return [DiffEntry(kind: .summary, path: path, a: a, b: b, summary: summary, children: entries)]
    }

    private static func deletion(in node: ConfigNode) -> Origin? {
        node.history.last { $0.action == .deleted }?.origin
    }

    /// The positions at which every changed child differs, when each is one whole-value change
    /// of two lists or tuples of the same length and the positions agree.
    private static func commonPositions(_ changed: [[DiffEntry]]) -> [Int]? {
        var common: [Int]? = nil
        for found in changed {
            guard found.count == 1, found[0].kind == .changed,
                  let x = found[0].a?.value.sequenceItems, let y = found[0].b?.value.sequenceItems,
                  x.count == y.count else { return nil }
            let positions = zip(x, y).enumerated().compactMap { $1.0.value == $1.1.value ? nil : $0 }
            if let common, common != positions { return nil }
            common = positions
        }
        return common
    }
}
