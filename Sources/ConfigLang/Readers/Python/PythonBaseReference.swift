/// `_base_`, `_base_.a.b`, `_base_["a"]`, `_base_[1]`: reads into the already-resolved base (an
/// mmengine ConfigDict, so attribute access works on it and on the mappings it holds).
extension PythonEvaluator {
    static func isIdentifier(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, PythonTokenizer.isNameStart(first) else { return false }
        return text.unicodeScalars.allSatisfy(PythonTokenizer.isNameContinue) && !PythonSyntax.keywords.contains(text)
    }

    /// Attribute names a ConfigDict answers with a method, not with a key of the same name.
    static let mappingMethods: Set<String> = [
        "copy", "get", "pop", "update", "items", "keys", "values", "setdefault", "clear", "popitem",
        "fromkeys", "to_dict", "merge", "lazy",
    ]

    mutating func reference(_ steps: [PythonBaseStep], at location: SourceLocation) throws -> Evaluated {
        guard var current = base else {
            throw ConfigError(.pythonEval, "name '_base_' is not defined (this file has no _base_)", at: location)
        }
        var path = "_base_"
        var sources: [String] = []
        var place: [PathStep] = []
        for step in steps {
            switch step {
            case .attribute(let name, let stepLocation):
                guard case .mapping(let mapping) = current.value else {
                    throw ConfigError(.baseRefInvalid, "cannot read attribute '\(name)' of \(path), which is a \(current.value.kindName)", at: stepLocation)
                }
                if Self.mappingMethods.contains(name) {
                    throw PythonSyntax.unsupported("method '\(name)' of \(path) used as a value", at: stepLocation)
                }
                guard let next = mapping[.string(name)] else {
                    throw ConfigError(.baseRefMissing, "\(path) has no key '\(name)'", at: stepLocation)
                }
                current = next
                path += "." + name
                place.append(.key(.string(name)))
            case .index(let expr, let stepLocation):
                let index = try plain(expr)
                Self.merge(index.sources, into: &sources)
                if case .mapping = current.value { place.append(.key(try Self.key(index.value, at: stepLocation))) } else if let items = current.value.sequenceItems, case .int(let i) = index.value {
                    place.append(.position(Int(i < 0 ? i &+ Int64(items.count) : i)))
                }
                current = try subscripted(current, index.value, path: path, at: stepLocation)
                switch index.value {
                case .string(let key) where Self.isIdentifier(key): path += "." + key
                case .string(let key): path += "[\(PythonRepr.string(key))]"
                case .int(let i): path += "[\(i)]"
                default: break
                }
            }
        }
        current.keyLocation = nil
        current.history.append(ProvenanceEvent(.reference(path), at: .file(location)))
        sources.insert(path, at: 0)
        var result = Evaluated(node: current, sources: sources)
        if Self.holdsContainers(current.value) {
            result.borrowed = ["_base_"]
            result.basePlace = place
        }
        result.configDict = true
        return result
    }

    func subscripted(_ node: ConfigNode, _ key: ConfigValue, path: String, at location: SourceLocation) throws -> ConfigNode {
        switch (node.value, key) {
        case (.mapping(let mapping), .string(let s)):
            guard let next = mapping[.string(s)] else {
                throw ConfigError(.baseRefMissing, "\(path) has no key \(PythonRepr.string(s))", at: location)
            }
            return next
        case (.mapping(let mapping), .int(let i)):
            guard let next = mapping[.int(i)] else {
                throw ConfigError(.baseRefMissing, "\(path) has no key \(i)", at: location)
            }
            return next
        case (.list(let items), .int(let i)), (.tuple(let items), .int(let i)):
            let count = Int64(items.count)
            let position = i < 0 ? i &+ count : i
            guard position >= 0 && position < count else {
                throw ConfigError(.baseRefMissing, "index \(i) is out of range for \(path), which has \(items.count) items", at: location)
            }
            return items[Int(position)]
        case (.mapping, _):
            throw ConfigError(.unsupportedValue, "a key of type '\(PythonArithmetic.typeName(key))' (strata keeps int and str keys only)", at: location)
        default:
            throw ConfigError(.baseRefInvalid, "cannot index \(path), which is a \(node.value.kindName), with a \(PythonArithmetic.typeName(key))", at: location)
        }
    }
}
