/// Reads YAML configs the way mmengine does (`yaml.load(text, Loader=yaml.CLoader)`, PyYAML 6):
/// YAML 1.1 scalars, anchors, aliases and `<<` merge keys, with every value's position.
///
/// libyaml only parses; resolution and construction are ours (see `YAMLScalarResolver`,
/// `YAMLConstructor`) because libyaml resolves nothing and its document API loses alias sites.
/// Deliberate differences from PyYAML: integers beyond 64 bits, mapping keys other than strings
/// and integers, tags other than the plain-data ones and recursive aliases are errors.
public enum YAMLReader {
    /// Parses one YAML document with PyYAML 6's (Full)Loader semantics. Returns nil for a stream with no document (empty file / only comments).
    public static func read(_ source: SourceText) throws -> ConfigNode? {
        let parser = YAMLEventParser(text: source.text)
        var composer = YAMLComposer(parser: parser, source: source)
        guard let root = try composer.composeSingleDocument() else { return nil }
        try YAMLExpansion.check(root, source: source)
        var constructor = YAMLConstructor(source: source)
        return try constructor.construct(root)
    }
}
