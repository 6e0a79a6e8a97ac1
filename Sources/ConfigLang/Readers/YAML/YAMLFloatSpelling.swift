/// YAML 1.1 (PyYAML, mmengine, and so strata) reads a float only with a dot and, in an exponent,
/// a sign: `5e-4` and `1e5` are strings. When a number was expected and such a string was found,
/// this is the spelling that would have been read as the float.
public enum YAMLFloatSpelling {
    /// "5.0e-4" for "5e-4", "1.0e+5" for "1e5"; nil when `text` is not such a number.
    public static func suggestion(for text: String) -> String? {
        let lower = text.lowercased()
        guard Double(lower) != nil, let e = lower.firstIndex(of: "e") else { return nil }
        var mantissa = String(lower[..<e])
        var exponent = String(lower[lower.index(after: e)...])
        guard !mantissa.isEmpty, !exponent.isEmpty else { return nil }
        if !mantissa.contains(".") { mantissa += ".0" }
        if exponent.first != "-" && exponent.first != "+" { exponent = "+" + exponent }
        return mantissa + "e" + exponent
    }

    /// The hint for an error message, or "".
    public static func hint(for text: String) -> String {
        suggestion(for: text).map { " (YAML 1.1 reads '\(text)' as a string: a float needs a dot and a signed exponent, write \($0))" } ?? ""
    }
}
