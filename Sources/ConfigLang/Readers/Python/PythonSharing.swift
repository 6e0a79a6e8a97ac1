/// Where Python shares one object between names, strata holds copies. These rules keep the two
/// equal: a change is allowed only when no other holder of the changed object exists, except the
/// base aliases strata keeps in step (`m = _base_.model` then `m.depth = 1` changes both, as in
/// Python).
extension PythonEvaluator {
    /// Records that `value` was stored somewhere: the objects it holds are now held twice.
    mutating func handOut(_ value: Evaluated) {
        for name in value.borrowed {
            shared.insert(name)
            if let path = aliases[name] { sharedBasePaths.append(path) }
        }
        if value.borrowed.contains("_base_") { sharedBasePaths.append(value.basePlace ?? []) }
    }

    /// Records that `value` was stored into the object at `place`. A ConfigDict stores a copy of
    /// plain lists and dicts (mmengine's `_hook`) but the very object of a ConfigDict, so only
    /// ConfigDicts (the base's, or names bound to them) stay shared there.
    mutating func handOut(_ stored: Evaluated, into place: Place) {
        var held = stored
        if place.configDict && value(at: place).value.isMapping {
            held.borrowed = stored.borrowed.filter { $0 == "_base_" || configDicts.contains($0) || aliases[$0] != nil }
            if stored.configDict { held.borrowed.formUnion(stored.borrowed) }
        }
        handOut(held)
        if !held.borrowed.isEmpty { borrowing.insert(place.root) }
    }

    /// The path in the base of the object at `place`, when it is a base object.
    func basePath(of place: Place) -> [PathStep]? {
        if place.root == "_base_" { return place.steps }
        return aliases[place.root].map { $0 + place.steps }
    }

    /// Refuses a change of the object at `place` (its own slots; `deep`: an object inside the
    /// root) that another holder would see in Python but not in strata.
    func checkChangeable(_ place: Place, deep: Bool, at location: SourceLocation) throws {
        func refuse(_ why: String) -> ConfigError {
            PythonSyntax.unsupported("in-place change of \(why) (Python would change every holder; strata keeps copies)", at: location)
        }
        let root = place.root
        if root != "_base_" {
            if shared.contains(root) || topBorrowed.contains(root) { throw refuse("'\(root)', whose object another value also holds") }
            if deep && borrowing.contains(root) { throw refuse("a value inside '\(root)' that another name also holds") }
        }
        guard let path = basePath(of: place) else { return }
        if deep && borrowing.contains("_base_") { throw refuse("a base value that another name also holds") }
        if sharedBasePaths.contains(where: { path.starts(with: $0) }) {
            throw refuse("a base value that was read into another value")
        }
        for (name, aliased) in aliases where name != root && path.starts(with: aliased) {
            if shared.contains(name) { throw refuse("'\(name)', whose object another value also holds") }
        }
    }

    /// After a write at `place` (`slot`: the last step was rebound; otherwise the object at
    /// `place` changed in place), brings the base and every alias of it up to date.
    mutating func synchronize(after place: Place, slot: Bool, at location: SourceLocation) throws {
        guard let path = basePath(of: place) else { return }
        if place.root != "_base_", let aliased = aliases[place.root] {
            setBase(names[place.root]!, at: aliased)
        }
        let changedObject = slot ? Array(path.dropLast()) : path
        for (name, aliased) in aliases where name != place.root {
            if changedObject.starts(with: aliased) {
                var node = baseNode(at: aliased)
                node.keyLocation = names[name]?.keyLocation
                names[name] = node
            } else if aliased.starts(with: path) {
                if slot {
                    aliases[name] = nil  // the base slot now holds another object; the name keeps its own
                } else {
                    throw PythonSyntax.unsupported("in-place change of a base value that holds '\(name)'s object", at: location)
                }
            }
        }
    }

    func baseNode(at path: [PathStep]) -> ConfigNode {
        value(at: Place(root: "_base_", steps: path, configDict: true))
    }

    mutating func setBase(_ node: ConfigNode, at path: [PathStep]) {
        var node = node
        node.keyLocation = baseNode(at: path).keyLocation
        write(node, at: Place(root: "_base_", steps: path, configDict: true))
    }
}
