/// `--where 'KEY OP VALUE'`: KEY a column (`steps`, `last_loss`, `best_loss`, `world_size`,
/// `stage`, `experiment`, `status`, `git`) or a config key (`optim.lr`); OP one of
/// `< <= > >= == = !=`. Numbers compare as numbers (1e-3 equals 0.001), anything else as text
/// (only `==`, `=` and `!=`). A run without the key never matches (except with `!=`).
public struct RunFilter: Sendable, Equatable {
    public enum Operator: String, Sendable, CaseIterable {
        case lessOrEqual = "<=", greaterOrEqual = ">=", notEqual = "!=", equal = "==", less = "<", greater = ">", assign = "="
    }

    public var key: String
    public var op: Operator
    public var value: String

    /// Parses `text`; the error says what was expected.
    public init(_ text: String) throws {
        // Two-character operators first, so `<=` is not read as `<` then `=…`.
        for op in Operator.allCases {
            guard let range = text.range(of: op.rawValue) else { continue }
            let key = text[..<range.lowerBound].trimmingCharacters(in: .whitespaces)
            let value = text[range.upperBound...].trimmingCharacters(in: .whitespaces)
            guard !key.isEmpty, !value.isEmpty else { break }
            self.key = key
            self.op = op
            self.value = value
            if [.less, .lessOrEqual, .greater, .greaterOrEqual].contains(op), Double(value) == nil {
                throw RunsError("--where '\(text)': \(op.rawValue) compares numbers, and '\(value)' is not a number")
            }
            return
        }
        throw RunsError("--where '\(text)': expected KEY OP VALUE with OP one of <, <=, >, >=, ==, !=, e.g. --where 'optim.lr<1e-3'")
    }

    public func matches(_ run: RunSummary) -> Bool {
        guard let actual = run.value(of: key) else { return op == .notEqual }
        if let left = Double(actual), let right = Double(value) {
            switch op {
            case .less: return left < right
            case .lessOrEqual: return left <= right
            case .greater: return left > right
            case .greaterOrEqual: return left >= right
            case .equal, .assign: return left == right
            case .notEqual: return left != right
            }
        }
        let same = actual == value || actual == Self.unquoted(value)
        switch op {
        case .equal, .assign: return same
        case .notEqual: return !same
        default: return false
        }
    }

    private static func unquoted(_ text: String) -> String {
        guard text.count >= 2, let first = text.first, first == text.last, first == "'" || first == "\"" else { return text }
        return String(text.dropFirst().dropLast())
    }
}

import Foundation
