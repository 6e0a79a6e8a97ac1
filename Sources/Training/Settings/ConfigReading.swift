import ConfigLang
import Stages

/// Typed reads of a validated stage config. The schema validator has already checked types and
/// ranges, so a mismatch here means a schema and the trainer disagree; it is still reported as a
/// config error at the value's location rather than trapping.
struct ConfigReading {
    let root: ConfigNode

    func node(_ path: String) -> ConfigNode? {
        guard let found = try? root.descendant(at: path) else { return nil }
        if case .null = found.value { return nil }
        return found
    }

    func int(_ path: String, default fallback: Int) throws -> Int {
        guard let found = node(path) else { return fallback }
        switch found.value {
        case .int(let value): return Int(value)
        case .float(let value) where value == value.rounded(): return Int(value)
        default: throw mismatch(found, path, "an integer")
        }
    }

    func double(_ path: String, default fallback: Double) throws -> Double {
        guard let found = node(path) else { return fallback }
        return try Self.number(found, path)
    }

    func optionalDouble(_ path: String) throws -> Double? {
        guard let found = node(path) else { return nil }
        return try Self.number(found, path)
    }

    func bool(_ path: String, default fallback: Bool) throws -> Bool {
        guard let found = node(path) else { return fallback }
        guard case .bool(let value) = found.value else { throw mismatch(found, path, "true or false") }
        return value
    }

    func string(_ path: String, default fallback: String) throws -> String {
        try optionalString(path) ?? fallback
    }

    /// A string naming one case of `Choice` (by raw value).
    func choice<Choice: RawRepresentable & CaseIterable>(_ path: String, default fallback: Choice) throws -> Choice
    where Choice.RawValue == String {
        guard let found = node(path) else { return fallback }
        guard case .string(let value) = found.value, let choice = Choice(rawValue: value) else {
            throw mismatch(found, path, "one of " + Choice.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", "))
        }
        return choice
    }

    func optionalString(_ path: String) throws -> String? {
        guard let found = node(path) else { return nil }
        guard case .string(let value) = found.value else { throw mismatch(found, path, "a string") }
        return value
    }

    func ints(_ path: String, count: Int, default fallback: [Int]) throws -> [Int] {
        guard let found = node(path) else { return fallback }
        guard let items = found.value.sequenceItems, items.count == count else {
            throw mismatch(found, path, "a sequence of \(count) integers")
        }
        return try items.map { item in
            guard case .int(let value) = item.value else { throw mismatch(item, path, "an integer") }
            return Int(value)
        }
    }

    func doubles(_ path: String, default fallback: [Double]) throws -> [Double] {
        guard let found = node(path) else { return fallback }
        guard let items = found.value.sequenceItems else { throw mismatch(found, path, "a sequence of numbers") }
        return try items.map { try Self.number($0, path) }
    }

    /// A mapping of names to numbers, in the file's key order (condition_config, dropout_ratio).
    func weights(_ path: String) throws -> [(String, Double)] {
        guard let found = node(path) else { return [] }
        guard let mapping = found.value.mapping else { throw mismatch(found, path, "a mapping of names to numbers") }
        return try mapping.map { key, value in ("\(key)", try Self.number(value, "\(path).\(key)")) }
    }

    /// The type name of a component (`type:` or Open-Sora's `cls:`).
    func componentType(_ path: String) -> String? {
        (try? optionalString("\(path).type")) ?? (try? optionalString("\(path).cls")) ?? nil
    }

    private static func number(_ found: ConfigNode, _ path: String) throws -> Double {
        switch found.value {
        case .int(let value): return Double(value)
        case .float(let value): return value
        default: throw ConfigReading(root: found).mismatch(found, path, "a number")
        }
    }

    private func mismatch(_ found: ConfigNode, _ path: String, _ expected: String) -> ConfigError {
        SchemaValidator.error("\(path): expected \(expected), found \(found.value.kindName)", at: found)
    }
}
