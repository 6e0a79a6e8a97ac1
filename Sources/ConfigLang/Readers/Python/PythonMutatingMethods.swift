/// `dict.update/pop/setdefault` and `list.append/extend/insert/pop`: the receiver must be a place
/// (a name, `_base_`, or an element of one) that can be changed without Python's sharing showing.
/// On a ConfigDict `update` merges nested mappings and `pop` of a missing key gives None, as
/// mmengine's ConfigDict does.
extension PythonEvaluator {
    mutating func mutate(_ receiver: PythonExpr, _ object: Evaluated, method: String, _ written: [PythonArgument], at location: SourceLocation) throws -> Evaluated {
        // A value nobody holds (`[1, 2].pop()`) changes only itself.
        let held: Bool
        switch receiver.kind {
        case .name, .baseReference, .attribute, .index: held = true
        default: held = false
        }
        let place = held ? try self.place(of: receiver) : Place(root: "", steps: [], configDict: object.configDict)
        let args = try arguments(written, at: location)
        if held { try checkChangeable(place, deep: !place.steps.isEmpty || (place.configDict && method == "update"), at: location) }
        var container = held ? value(at: place) : object.node
        let owner: Set<String> = held ? [place.root] : object.borrowed
        let p = args.positional
        var returned = computed(.null, from: args.sources, at: location)
        switch (container.value, method) {
        case (.mapping(var mapping), "update"):
            try args.check(method, positional: 0...1, keywords: Set(args.keywords.map(\.name)))
            var updates: [(ConfigKey, ConfigNode)] = []
            if let source = p.first {
                if case .mapping(let entries) = source.value, source.callable == nil {
                    updates += entries.map { ($0.key, $0.value) }
                } else {
                    for pair in try iterate(source, at: location) {
                        let parts = try unpacked(pair, count: 2, at: location)
                        updates.append((try Self.key(parts[0].value, at: location), try Self.stored(parts[1])))
                    }
                }
            }
            for keyword in args.keywords { updates.append((.string(keyword.name), try Self.stored(keyword.value))) }
            for (key, node) in updates {
                if place.configDict, let old = mapping[key] {
                    mapping[key] = Self.configDictUpdate(old, with: node)
                } else {
                    mapping[key] = node
                }
            }
            container.value = .mapping(mapping)
        case (.mapping(var mapping), "pop"):
            try args.check(method, positional: 1...2)
            let key = try Self.key(try dataValue(p[0]), at: location)
            if let node = mapping.removeValue(forKey: key) {
                returned = element(node, of: Evaluated(node: container, sources: args.sources, borrowed: owner), at: location)
            } else if p.count > 1 {
                returned = p[1]
            } else if !place.configDict {
                throw PythonArithmetic.evalError("KeyError: \(PythonRepr.render(Self.keyValue(key)))", at: location)
            }
            container.value = .mapping(mapping)
        case (.mapping, "merge") where place.configDict:
            try args.check(method, positional: 1...1)
            guard case .mapping = try dataValue(p[0]) else {
                throw PythonArithmetic.evalError("'\(Self.typeName(p[0]))' object has no attribute 'pop'", at: location)
            }
            container = Self.configDictMerge(p[0].node, into: container) ?? container
            if held {
                write(container, at: place)
                try synchronize(after: place, slot: false, at: location)
            }
            return returned
        case (.mapping(var mapping), "setdefault"):
            try args.check(method, positional: 1...2)
            let key = try Self.key(try dataValue(p[0]), at: location)
            if let node = mapping[key] {
                returned = element(node, of: Evaluated(node: container, sources: args.sources, borrowed: owner), at: location)
            } else {
                let value = p.count > 1 ? p[1] : computed(.null, from: [], at: location)
                mapping[key] = try Self.stored(value)
                returned = value
                if Self.holdsContainers(value.value) {
                    throw PythonSyntax.unsupported("setdefault with a container default (Python shares it with the result)", at: location)
                }
            }
            container.value = .mapping(mapping)
        case (.list(var items), "append"):
            try args.check(method, positional: 1...1)
            items.append(try Self.stored(p[0]))
            try PythonArithmetic.checkSize(items: items.count, at: location)
            container.value = .list(items)
        case (.list(var items), "extend"):
            try args.check(method, positional: 1...1)
            items += try iterate(p[0], at: location).map(Self.stored)
            try PythonArithmetic.checkSize(items: items.count, at: location)
            container.value = .list(items)
        case (.list(var items), "insert"):
            try args.check(method, positional: 2...2)
            guard case .int(let i)? = PythonArithmetic.number(try dataValue(p[0])), !p[0].value.isFloat else {
                throw PythonArithmetic.evalError("'\(Self.typeName(p[0]))' object cannot be interpreted as an integer", at: location)
            }
            let count = Int64(items.count)
            let position = i < 0 ? max(0, i &+ count) : min(i, count)
            items.insert(try Self.stored(p[1]), at: Int(position))
            try PythonArithmetic.checkSize(items: items.count, at: location)
            container.value = .list(items)
        case (.list(var items), "pop"):
            try args.check(method, positional: 0...1)
            if items.isEmpty { throw PythonArithmetic.evalError("pop from empty list", at: location) }
            var position = items.count - 1
            if let index = p.first {
                guard case .int(let i)? = PythonArithmetic.number(try dataValue(index)), !index.value.isFloat else {
                    throw PythonArithmetic.evalError("'\(Self.typeName(index))' object cannot be interpreted as an integer", at: location)
                }
                let adjusted = i < 0 ? i &+ Int64(items.count) : i
                guard adjusted >= 0 && adjusted < Int64(items.count) else { throw PythonArithmetic.evalError("pop index out of range", at: location) }
                position = Int(adjusted)
            }
            let node = items.remove(at: position)
            returned = element(node, of: Evaluated(node: container, sources: args.sources, borrowed: owner), at: location)
            container.value = .list(items)
        default:
            throw PythonSyntax.unsupported("method '\(method)' of a \(PythonArithmetic.typeName(container.value))", at: location)
        }
        guard held else { return returned }
        write(container, at: place)
        try synchronize(after: place, slot: false, at: location)
        handOut(Evaluated(node: container, sources: [], borrowed: args.borrowed), into: place)
        if Self.holdsContainers(returned.value) {
            // The returned element is also still reachable (setdefault) or was just removed (pop):
            // either way the caller's copy must not be changed through another name later.
            returned.borrowed.formUnion(owner)
        }
        return returned
    }

    /// ConfigDict.merge: `_delete_` clears, mappings merge, anything else replaces; keys of the
    /// receiver first, then new ones. Nested `_delete_` flags under a key the receiver lacks stay.
    static func configDictMerge(_ a: ConfigNode?, into b: ConfigNode?) -> ConfigNode? {
        guard let a else { return b }
        guard case .mapping(var entries) = a.value else { return a }
        guard let b, case .mapping(var baseEntries) = b.value else {
            var kept = a
            entries.removeValue(forKey: Merge.deleteKey)
            kept.value = .mapping(entries)
            return kept
        }
        if let flag = entries.removeValue(forKey: Merge.deleteKey), truthy(flag.value) { baseEntries = [:] }
        var merged = ConfigMapping()
        for key in Array(baseEntries.keys) + Array(entries.keys) where key != Merge.deleteKey && merged[key] == nil {
            merged[key] = configDictMerge(entries[key], into: baseEntries[key])
        }
        var result = b
        result.value = .mapping(merged)
        return result
    }

    /// ConfigDict.update: a mapping into a mapping merges key by key; anything else replaces.
    static func configDictUpdate(_ old: ConfigNode, with new: ConfigNode) -> ConfigNode {
        guard case .mapping(var entries) = old.value, case .mapping(let updates) = new.value else { return new }
        for (key, node) in updates {
            entries[key] = entries[key].map { configDictUpdate($0, with: node) } ?? node
        }
        var merged = old
        merged.value = .mapping(entries)
        return merged
    }
}
