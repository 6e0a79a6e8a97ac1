/// Turns the node graph into config nodes the way PyYAML's constructor builds Python objects,
/// keeping positions and recording aliases and merge keys in each node's history.
struct YAMLConstructor {
    private let source: SourceText
    /// Anchored nodes are built once; every alias gets a copy (cheap: the arrays are shared).
    private var built: [ObjectIdentifier: ConfigNode] = [:]
    private var flattened: [ObjectIdentifier: ConfigMapping] = [:]

    init(source: SourceText) {
        self.source = source
    }

    mutating func construct(_ node: YAMLNode) throws -> ConfigNode {
        if case .alias(let target) = node.content {
            var copy = try construct(target)
            copy.history.append(ProvenanceEvent(.alias(anchor: source.location(of: target)),
                                                at: .file(source.location(of: node))))
            return copy
        }
        let id = ObjectIdentifier(node)
        if node.anchor != nil, let done = built[id] { return done }
        let result = ConfigNode(try value(of: node), location: source.location(of: node))
        if node.anchor != nil { built[id] = result }
        return result
    }

    private mutating func value(of node: YAMLNode) throws -> ConfigValue {
        let location = source.location(of: node)
        switch node.tag {
        case .seq, .pythonTuple:
            guard case .sequence(let items) = node.content else {
                throw ConfigError(.yamlSyntax, "expected a sequence node, but found \(node.kindName) (tag \(node.tag.shorthand))", at: location)
            }
            var built: [ConfigNode] = []
            built.reserveCapacity(items.count)
            for item in items { built.append(try construct(item)) }
            return node.tag == .seq ? .list(built) : .tuple(built)
        case .map:
            guard case .mapping = node.content else {
                throw ConfigError(.yamlSyntax, "expected a mapping node, but found \(node.kindName) (tag !!map)", at: location)
            }
            return .mapping(try entries(of: node))
        case .null, .bool, .int, .float, .str, .timestamp:
            let (text, textLocation) = try scalarText(node)
            do {
                return try YAMLScalarConstructor.construct(node.tag, text)
            } catch .tooLarge {
                throw ConfigError(.unsupportedValue, "integer \(text) does not fit in 64 bits", at: textLocation)
            } catch .invalid(let why) {
                throw ConfigError(.yamlSyntax, "cannot construct \(node.tag.shorthand): \(why)", at: textLocation)
            }
        case .merge:
            throw ConfigError(.yamlSyntax, "'<<' is a merge key and cannot be a value; quote it ('<<') to mean the text", at: location)
        case .value:
            throw ConfigError(.yamlSyntax, "'=' is YAML 1.1's value key and cannot be a value (PyYAML has no constructor for it); quote it ('=') to mean the text", at: location)
        case .other:
            throw ConfigError(
                .unsupportedConstruct,
                "unsupported construct 'tag \(node.tag.shorthand)': configs hold strings, numbers, booleans, null, timestamps, lists, mappings and !!python/tuple",
                at: location)
        }
    }

    /// PyYAML's `construct_scalar`: a mapping stands for the value of its `=` key.
    private func scalarText(_ node: YAMLNode) throws -> (String, SourceLocation) {
        let node = node.resolved
        switch node.content {
        case .scalar(let text): return (text, source.location(of: node))
        case .mapping(let pairs):
            if let pair = pairs.first(where: { $0.key.resolved.tag == .value }) { return try scalarText(pair.value) }
        default: break
        }
        throw ConfigError(.yamlSyntax, "expected a scalar node, but found \(node.kindName) (tag \(node.tag.shorthand))",
                          at: source.location(of: node))
    }

    // MARK: - Mappings and merge keys

    /// The entries of a mapping node after PyYAML's `flatten_mapping`: merged entries first (a
    /// list of merged mappings is applied last to first, so earlier mappings win), then the
    /// mapping's own entries. Python dict assignment decides the result: a key keeps the position
    /// of its first occurrence and the value of its last. Flattening each merged mapping to such
    /// a dict before concatenating gives the same dict as PyYAML's concatenated pair lists.
    private mutating func entries(of node: YAMLNode) throws -> ConfigMapping {
        let id = ObjectIdentifier(node)
        if let done = flattened[id] { return done }
        guard case .mapping(let pairs) = node.content else { return [:] }
        var result = ConfigMapping()
        var own: [(key: YAMLNode, value: YAMLNode)] = []
        for pair in pairs {
            guard pair.key.resolved.tag == .merge else {
                own.append(pair)
                continue
            }
            let mergeSite = source.location(of: pair.key)
            let merged = pair.value.resolved
            var sources: [ConfigMapping] = []
            switch merged.content {
            case .mapping:
                sources = [try entries(of: merged)]
            case .sequence(let items):
                for item in items {
                    guard case .mapping = item.resolved.content else {
                        throw ConfigError(.yamlSyntax, "expected a mapping for merging, but found \(item.kindName)",
                                          at: source.location(of: item),
                                          notes: [.init("while constructing the mapping that starts here", at: source.location(of: node))])
                    }
                    sources.append(try entries(of: item.resolved))
                }
                sources.reverse()
            default:
                throw ConfigError(.yamlSyntax, "expected a mapping or list of mappings for merging, but found \(merged.kindName)",
                                  at: source.location(of: pair.value))
            }
            for mapping in sources {
                for (key, entry) in mapping {
                    var entry = entry
                    entry.history.append(ProvenanceEvent(.mergeKey, at: .file(mergeSite)))
                    result[key] = entry
                }
            }
        }
        // A key written twice in one mapping is an error, as in strict loaders (PyYAML keeps the
        // last value silently, which hides a typo'd overlay); keys merged in with `<<` may be
        // replaced, that is what merging is for.
        var written: [ConfigKey: SourceLocation] = [:]
        for pair in own {
            let key = try mappingKey(pair.key)
            let keyLocation = source.location(of: pair.key)
            if let first = written[key] {
                throw ConfigError(.yamlSyntax, "duplicate key '\(key)': it is already defined at line \(first.line) of this mapping (YAML keys must be unique; delete one)",
                                  at: keyLocation, notes: [.init("first defined here", at: first)])
            }
            written[key] = keyLocation
            var value = try construct(pair.value)
            value.keyLocation = source.location(of: pair.key)
            result[key] = value
        }
        if node.anchor != nil { flattened[id] = result }
        return result
    }

    /// Keys are built like values; only strings and integers are kept (that is what configs
    /// use), and the message says what YAML 1.1 made of a bare word like `on`.
    private mutating func mappingKey(_ node: YAMLNode) throws -> ConfigKey {
        let location = source.location(of: node)
        // flatten_mapping retags `=` keys as strings.
        if node.resolved.tag == .value, case .scalar(let text) = node.resolved.content { return .string(text) }
        let key = try construct(node)
        var raw = ""
        if case .scalar(let text) = node.resolved.content { raw = text }
        let advice = "only string and integer keys are supported; quote the key ('\(raw)':) to use it as a string"
        switch key.value {
        case .string(let s): return .string(s)
        case .int(let i): return .int(i)
        case .bool(let b):
            throw ConfigError(.unsupportedValue,
                              "the key '\(raw)' is read as the boolean \(b) (YAML 1.1 reads yes/no/on/off and true/false as booleans); \(advice)",
                              at: location)
        case .null:
            throw ConfigError(.unsupportedValue, (raw.isEmpty ? "an empty key" : "the key '\(raw)'") + " is read as null; \(advice)", at: location)
        case .float, .timestamp:
            throw ConfigError(.unsupportedValue, "the key '\(raw)' is read as a \(key.value.kindName); \(advice)", at: location)
        case .list, .tuple, .mapping:
            throw ConfigError(.unsupportedValue, "a \(key.value.kindName) cannot be a mapping key; only string and integer keys are supported", at: location)
        }
    }
}
