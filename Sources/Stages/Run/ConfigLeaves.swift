import ConfigLang

/// A config flattened to dotted keys (`optim.lr`, `bucket_config.256px.33`): the columns of
/// `strata runs --param` and the hyperparameters of a run's TensorBoard log. Mappings are
/// descended; a list or tuple is one leaf (its YAML flow text), as is every scalar.
public enum ConfigLeaves {
    public static func leaves(_ node: ConfigNode, prefix: String = "") -> [(key: String, value: ConfigValue)] {
        guard case .mapping(let entries) = node.value else { return prefix.isEmpty ? [] : [(prefix, node.value)] }
        var out: [(key: String, value: ConfigValue)] = []
        for (key, child) in entries {
            let path = prefix.isEmpty ? key.description : "\(prefix).\(key.description)"
            out += leaves(child, prefix: path)
        }
        return out
    }

    /// The value at a dotted key, descending mappings; nil when any part is missing.
    public static func value(_ node: ConfigNode, at key: String) -> ConfigValue? {
        var current = node
        for part in key.split(separator: ".", omittingEmptySubsequences: false) {
            guard case .mapping(let entries) = current.value else { return nil }
            let name = String(part)
            let found = entries[.string(name)] ?? Int64(name).flatMap { entries[.int($0)] }
                ?? entries[.string(name.replacingOccurrences(of: "-", with: "_"))]
            guard let found else { return nil }
            current = found
        }
        return current.value
    }

    /// A leaf as text: numbers as Python prints them, strings bare, collections in flow style.
    public static func text(_ value: ConfigValue) -> String {
        switch value {
        case .null: return "None"
        case .bool(let flag): return flag ? "True" : "False"
        case .int(let number): return String(number)
        case .float(let number): return PythonFloat.repr(number)
        case .string(let text), .timestamp(let text): return text
        case .list(let items): return "[" + items.map { text($0.value) }.joined(separator: ", ") + "]"
        case .tuple(let items): return "(" + items.map { text($0.value) }.joined(separator: ", ") + (items.count == 1 ? ",)" : ")")
        case .mapping(let entries): return "{" + entries.map { "\($0.key): \(text($0.value.value))" }.joined(separator: ", ") + "}"
        }
    }
}
