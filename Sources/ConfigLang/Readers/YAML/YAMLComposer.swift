/// Builds the node graph of the single document of a stream from libyaml events, like the
/// composer of PyYAML's CParser: anchors are registered when their node starts, duplicate anchors
/// and undefined aliases are errors, and a second document is an error.
struct YAMLComposer {
    private let parser: YAMLEventParser
    private let source: SourceText
    private var anchors: [String: YAMLNode] = [:]
    /// Anchors whose node is still being composed, with where they were written: an alias to one
    /// of them would make a recursive structure.
    private var open: [String: (line: Int, column: Int)] = [:]
    private var depth = 0

    /// Deep enough for any config, shallow enough that the recursive composer and constructor
    /// stay far from the end of a secondary thread's stack.
    static let maxDepth = 200

    init(parser: YAMLEventParser, source: SourceText) {
        self.parser = parser
        self.source = source
    }

    /// nil for a stream without a document.
    mutating func composeSingleDocument() throws -> YAMLNode? {
        guard case .streamStart = try next().kind else { throw syntax("expected the start of the stream", 0, 0) }
        let start = try next()
        switch start.kind {
        case .streamEnd: return nil
        case .documentStart: break
        default: throw syntax("expected a document", start.line, start.column)
        }
        let root = try compose(try next())
        guard case .documentEnd = try next().kind else { throw syntax("expected the end of the document", root.line, root.column) }
        let after = try next()
        switch after.kind {
        case .streamEnd: return root
        default:
            throw ConfigError(
                .yamlSyntax, "expected a single document in the stream, but found another document",
                at: loc(after.line, after.column),
                notes: [.init("the first document starts here", at: loc(start.line, start.column))])
        }
    }

    private func next() throws -> YAMLEvent {
        do {
            return try parser.next()
        } catch let error as YAMLSyntaxError {
            var notes: [ConfigError.Note] = []
            if let context = error.context, (context.line, context.column) != (error.line, error.column) {
                notes.append(.init(context.message + " that started here", at: loc(context.line, context.column)))
            }
            throw ConfigError(.yamlSyntax, error.message + tabHint(line: error.line), at: loc(error.line, error.column), notes: notes)
        }
    }

    /// libyaml says "found character that cannot start any token" for a tab in indentation; say
    /// what the character is. `line` is 0-based.
    private func tabHint(line: Int) -> String {
        let lines = source.text.split(separator: "\n", omittingEmptySubsequences: false)
        guard line >= 0, line < lines.count else { return "" }
        let indentation = lines[line].prefix { $0 == " " || $0 == "\t" }
        guard indentation.contains("\t") else { return "" }
        return " (the line is indented with a tab: YAML indents with spaces only)"
    }

    private mutating func compose(_ event: YAMLEvent) throws -> YAMLNode {
        switch event.kind {
        case .alias(let name):
            if let target = anchors[name] {
                return YAMLNode(.alias(target), tag: target.tag, line: event.line, column: event.column, anchor: name)
            }
            if let anchor = open[name] {
                throw ConfigError(
                    .unsupportedValue,
                    "alias '*\(name)' is used inside the node anchored as '&\(name)'; recursive structures are not supported",
                    at: loc(event.line, event.column), notes: [.init("anchor defined here", at: loc(anchor.line, anchor.column))])
            }
            throw ConfigError(.yamlSyntax, "found undefined alias '*\(name)'", at: loc(event.line, event.column))

        case .scalar(let value, let anchor, let tag, let plainImplicit):
            try checkNew(anchor, event)
            let resolved: YAMLTag
            // CParser resolves a scalar whose tag is absent or the non-specific `!` by libyaml's
            // plain-implicit flag, which libyaml also sets for `!` whatever the style.
            if tag == nil || tag == "!" {
                resolved = plainImplicit ? YAMLScalarResolver.resolve(value) : .str
            } else {
                resolved = YAMLTag(tag!)
            }
            let node = YAMLNode(.scalar(value), tag: resolved, line: event.line, column: event.column, anchor: anchor)
            if let anchor { anchors[anchor] = node }
            return node

        case .sequenceStart(let anchor, let tag):
            try checkNew(anchor, event)
            try enter(event)
            defer { depth -= 1 }
            if let anchor { open[anchor] = (event.line, event.column) }
            var items: [YAMLNode] = []
            while true {
                let child = try next()
                if case .sequenceEnd = child.kind { break }
                items.append(try compose(child))
            }
            let node = YAMLNode(.sequence(items), tag: tag == nil || tag == "!" ? .seq : YAMLTag(tag!),
                                line: event.line, column: event.column, anchor: anchor)
            if let anchor {
                open[anchor] = nil
                anchors[anchor] = node
            }
            return node

        case .mappingStart(let anchor, let tag):
            try checkNew(anchor, event)
            try enter(event)
            defer { depth -= 1 }
            if let anchor { open[anchor] = (event.line, event.column) }
            var pairs: [(key: YAMLNode, value: YAMLNode)] = []
            while true {
                let keyEvent = try next()
                if case .mappingEnd = keyEvent.kind { break }
                let key = try compose(keyEvent)
                let value = try compose(try next())
                pairs.append((key, value))
            }
            let node = YAMLNode(.mapping(pairs), tag: tag == nil || tag == "!" ? .map : YAMLTag(tag!),
                                line: event.line, column: event.column, anchor: anchor)
            if let anchor {
                open[anchor] = nil
                anchors[anchor] = node
            }
            return node

        default:
            throw syntax("unexpected YAML event", event.line, event.column)
        }
    }

    /// CParser refuses to redefine an anchor within a document (PyYAML's pure-Python composer
    /// has allowed it since 5.1; mmengine uses the C loader).
    private func checkNew(_ anchor: String?, _ event: YAMLEvent) throws {
        guard let anchor else { return }
        let first = anchors[anchor].map { ($0.line, $0.column) } ?? open[anchor].map { ($0.line, $0.column) }
        if let first {
            throw ConfigError(.yamlSyntax, "found duplicate anchor '&\(anchor)'", at: loc(event.line, event.column),
                              notes: [.init("first occurrence", at: loc(first.0, first.1))])
        }
    }

    private mutating func enter(_ event: YAMLEvent) throws {
        depth += 1
        if depth > Self.maxDepth {
            throw ConfigError(.unsupportedValue, "YAML nested deeper than \(Self.maxDepth) levels",
                              at: loc(event.line, event.column))
        }
    }

    private func loc(_ line: Int, _ column: Int) -> SourceLocation {
        source.location(line: line + 1, column: column + 1)
    }

    private func syntax(_ message: String, _ line: Int, _ column: Int) -> ConfigError {
        ConfigError(.yamlSyntax, message, at: loc(line, column))
    }
}
