/// A composed YAML node, before construction: PyYAML's node graph.
///
/// A class because anchored nodes are shared by every alias that names them; the constructor
/// builds each shared node once (which also keeps alias "bombs" linear).
final class YAMLNode {
    enum Content {
        case scalar(String)
        case sequence([YAMLNode])
        case mapping([(key: YAMLNode, value: YAMLNode)])
        /// `*name` at this node's position, naming `target`.
        case alias(YAMLNode)
    }

    let content: Content
    /// The resolved tag (explicit, or from the implicit resolvers); unused for aliases.
    let tag: YAMLTag
    /// 0-based, as libyaml reports them.
    let line: Int
    let column: Int
    let anchor: String?

    init(_ content: Content, tag: YAMLTag, line: Int, column: Int, anchor: String? = nil) {
        self.content = content
        self.tag = tag
        self.line = line
        self.column = column
        self.anchor = anchor
    }

    /// The node an alias stands for (PyYAML has no alias nodes: the alias *is* the anchored node).
    var resolved: YAMLNode {
        if case .alias(let target) = content { return target }
        return self
    }

    /// How PyYAML names node kinds in its messages.
    var kindName: String {
        switch resolved.content {
        case .scalar: return "scalar"
        case .sequence: return "sequence"
        case .mapping: return "mapping"
        case .alias: return "alias"
        }
    }
}

extension SourceText {
    /// libyaml marks are 0-based; locations are 1-based in the original file.
    func location(of node: YAMLNode) -> SourceLocation {
        location(line: node.line + 1, column: node.column + 1)
    }
}
