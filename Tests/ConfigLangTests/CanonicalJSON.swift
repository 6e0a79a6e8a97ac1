import Foundation
@testable import ConfigLang

// The canonical JSON encoding every golden of the project uses (see scripts/yaml_golden.py):
//   null / true / false / "string"
//   {"int": "<decimal>"}  {"float": "<Python repr>"}  {"timestamp": "<isoformat>"}
//   {"list": [...]}  {"tuple": [...]}  {"dict": [[key, value], ...]} in order
//   keys: "string" for str keys, {"int": "<n>"} for int keys, {"key": "<repr>"} for others
//   {"error": "<category>"} when loading fails
// Values are Foundation JSON objects (what JSONSerialization reads and writes), so goldens read
// from disk and values encoded here compare with `canonicalEqual`.

/// The canonical form of a value (positions and history are not part of it).
func canonicalJSON(_ value: ConfigValue) -> Any {
    switch value {
    case .null: return NSNull()
    case .bool(let b): return b
    case .int(let i): return ["int": String(i)]
    case .float(let d): return ["float": PythonFloat.repr(d)]
    case .string(let s): return s
    case .timestamp(let t): return ["timestamp": t]
    case .list(let items): return ["list": items.map { canonicalJSON($0.value) }]
    case .tuple(let items): return ["tuple": items.map { canonicalJSON($0.value) }]
    case .mapping(let m): return ["dict": m.map { [canonicalKey($0.key), canonicalJSON($0.value.value)] as [Any] }]
    }
}

/// A whole read: no document reads as null, like Python's None.
func canonicalJSON(_ node: ConfigNode?) -> Any {
    node.map { canonicalJSON($0.value) } ?? NSNull()
}

func canonicalJSON(_ error: ConfigError) -> Any { ["error": error.kind.rawValue] }

func canonicalKey(_ key: ConfigKey) -> Any {
    switch key {
    case .string(let s): return s
    case .int(let i): return ["int": String(i)]
    }
}

/// Structural equality of canonical values; `{"float": ...}` compares by value, with nan == nan.
func canonicalEqual(_ a: Any, _ b: Any) -> Bool {
    if a is NSNull || b is NSNull { return a is NSNull && b is NSNull }
    if let x = a as? String {
        guard let y = b as? String else { return false }
        return x == y
    }
    if let x = a as? [Any] {
        guard let y = b as? [Any], x.count == y.count else { return false }
        return zip(x, y).allSatisfy { canonicalEqual($0, $1) }
    }
    if let x = a as? [String: Any] {
        guard let y = b as? [String: Any], Set(x.keys) == Set(y.keys) else { return false }
        if x.count == 1, let fx = x["float"] as? String, let fy = y["float"] as? String {
            guard let dx = Double(fx), let dy = Double(fy) else { return fx == fy }
            return dx == dy || (dx.isNaN && dy.isNaN)
        }
        return x.keys.allSatisfy { canonicalEqual(x[$0]!, y[$0]!) }
    }
    // Booleans are the only bare JSON scalars left (numbers are always wrapped).
    if let x = a as? Bool, let y = b as? Bool { return x == y }
    return false
}

func readCanonicalJSON(_ url: URL) throws -> Any {
    try JSONSerialization.jsonObject(with: Data(contentsOf: url), options: [.fragmentsAllowed])
}

/// One-line text of a canonical value, for failure messages.
func canonicalText(_ value: Any) -> String {
    guard let data = try? JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed, .sortedKeys]) else {
        return String(describing: value)
    }
    return String(decoding: data, as: UTF8.self)
}
