import ConfigLang

/// A numeric interval with open or closed ends, for declared ranges ("> 0", "in [0, 1)").
public struct NumberRange: Sendable, Equatable {
    public var lower: Double?
    public var lowerInclusive: Bool
    public var upper: Double?
    public var upperInclusive: Bool

    public init(lower: Double? = nil, lowerInclusive: Bool = true, upper: Double? = nil, upperInclusive: Bool = true) {
        self.lower = lower
        self.lowerInclusive = lowerInclusive
        self.upper = upper
        self.upperInclusive = upperInclusive
    }

    public static let positive = NumberRange(lower: 0, lowerInclusive: false)
    public static let nonNegative = NumberRange(lower: 0)
    public static let unit = NumberRange(lower: 0, upper: 1)
    public static func atLeast(_ value: Double) -> NumberRange { NumberRange(lower: value) }

    public func contains(_ value: Double) -> Bool {
        if let lower, lowerInclusive ? value < lower : value <= lower { return false }
        if let upper, upperInclusive ? value > upper : value >= upper { return false }
        return true
    }

    /// "> 0", "≥ 1", "in [0, 1)".
    public var text: String {
        func number(_ value: Double) -> String { value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value) }
        switch (lower, upper) {
        case (nil, nil): return ""
        case (let low?, nil): return (lowerInclusive ? "≥ " : "> ") + number(low)
        case (nil, let high?): return (upperInclusive ? "≤ " : "< ") + number(high)
        case (let low?, let high?):
            return "in " + (lowerInclusive ? "[" : "(") + number(low) + ", " + number(high) + (upperInclusive ? "]" : ")")
        }
    }
}

/// What a parameter accepts. `check` says what is wrong with a value, or nothing.
public indirect enum ParameterType: Sendable {
    case bool
    case int(NumberRange)
    /// Integers are accepted where floats are (as in Python) and become floats when normalized.
    case float(NumberRange)
    case string
    /// A file or folder path, relative to the working directory unless absolute.
    case path
    case choice([String])
    /// A fixed number of items; a YAML list is accepted as well as a tuple.
    case tuple([ParameterType])
    case list(ParameterType)
    /// String keys to values of one type (`dropout_ratio`, `condition_config`).
    case table(ParameterType)
    case optional(ParameterType)
    /// A `{type: NAME, …}` mapping checked against the registered schema of NAME in the category.
    case component(Category)
    /// Anything; used for values accepted and ignored.
    case any

    /// The type as the registry prints it: `int > 0`, `resize_crop | center`, `tuple(int, int, int)`.
    public var text: String {
        switch self {
        case .bool: return "bool"
        case .int(let range): return range.text.isEmpty ? "int" : "int \(range.text)"
        case .float(let range): return range.text.isEmpty ? "float" : "float \(range.text)"
        case .string: return "str"
        case .path: return "path"
        case .choice(let names): return names.joined(separator: " | ")
        case .tuple(let items): return "tuple(" + items.map(\.text).joined(separator: ", ") + ")"
        case .list(let item): return "list[\(item.text)]"
        case .table(let item): return "{str: \(item.text)}"
        case .optional(let inner): return "\(inner.text) | null"
        case .component(let category): return "\(category.rawValue) {type: …}"
        case .any: return "any"
        }
    }

    /// What is wrong with `value` for this type ("expected an integer > 0, found 0"), or nil.
    /// Components are checked by the validator, which knows the registry.
    public func problem(with value: ConfigValue) -> String? {
        func expected(_ what: String) -> String {
            var hint = ""
            if case .string(let text) = value { hint = YAMLFloatSpelling.hint(for: text) }
            return "expected \(what), found \(ValueText.describe(value))\(hint)"
        }
        switch (self, value) {
        case (.any, _), (.component, .mapping): return nil
        case (.optional, .null): return nil
        case (.optional(let inner), _): return inner.problem(with: value)
        case (.bool, .bool): return nil
        case (.int(let range), .int(let number)):
            return range.contains(Double(number)) ? nil : expected("an integer \(range.text)")
        case (.float(let range), .int(let number)):
            return range.contains(Double(number)) ? nil : expected("a number \(range.text)")
        case (.float(let range), .float(let number)):
            return range.contains(number) && !number.isNaN ? nil : expected("a number \(range.text)")
        case (.string, .string), (.path, .string): return nil
        case (.choice(let names), .string(let name)):
            if names.contains(name) { return nil }
            let hint = Suggestions.closest(to: name, among: names).map { "; did you mean '\($0)'?" } ?? ""
            return "expected one of \(names.joined(separator: ", ")), found '\(name)'\(hint)"
        case (.tuple(let types), .tuple(let items)), (.tuple(let types), .list(let items)):
            guard types.count == items.count else { return expected("\(types.count) items (\(text))") }
            for (index, (type, item)) in zip(types, items).enumerated() {
                if let problem = type.problem(with: item.value) { return "item \(index): \(problem)" }
            }
            return nil
        case (.list(let type), .list(let items)), (.list(let type), .tuple(let items)):
            for (index, item) in items.enumerated() {
                if let problem = type.problem(with: item.value) { return "item \(index): \(problem)" }
            }
            return nil
        case (.table(let type), .mapping(let entries)):
            for (key, item) in entries {
                guard case .string = key else { return "key \(key): expected string keys, found the integer key \(key)" }
                if let problem = type.problem(with: item.value) { return "'\(key)': \(problem)" }
            }
            return nil
        default:
            return expected(article(text))
        }
    }

    private func article(_ text: String) -> String {
        switch self {
        case .int: return text.replacingOccurrences(of: "int", with: "an integer")
        case .float: return text.replacingOccurrences(of: "float", with: "a number")
        case .bool: return "a boolean (true or false)"
        case .string: return "a string"
        case .path: return "a path (a string)"
        case .tuple: return "a \(text)"
        case .list: return "a list"
        case .table, .component: return "a mapping"
        default: return text
        }
    }
}

/// Values as messages show them: Python's repr and the kind (`2.5 (float)`).
enum ValueText {
    static func describe(_ value: ConfigValue) -> String {
        switch value {
        case .mapping, .list, .tuple: return "a \(value.kindName)"
        default: return "\(PythonRepr.render(value)) (\(value.kindName))"
        }
    }
}
