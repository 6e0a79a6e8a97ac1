import Foundation
@testable import ConfigLang

/// The project's canonical JSON encoding of config values, shared with the Python golden scripts:
/// None/bool/str as themselves, {"int": "<n>"}, {"float": repr}, {"list": [...]}, {"tuple": [...]},
/// {"dict": [[key, value], ...]} (int keys as {"int": "<n>"}), {"error": "<category>"}.
func canonicalJSON(_ value: ConfigValue) -> Any {
    switch value {
    case .null: return NSNull()
    case .bool(let b): return b
    case .int(let i): return ["int": String(i)]
    case .float(let d): return ["float": pythonRepr(d)]
    case .string(let s): return s
    case .timestamp(let t): return ["timestamp": t]
    case .list(let items): return ["list": items.map { canonicalJSON($0.value) }]
    case .tuple(let items): return ["tuple": items.map { canonicalJSON($0.value) }]
    case .mapping(let mapping):
        return ["dict": mapping.map { key, node -> [Any] in
            let encodedKey: Any
            switch key {
            case .string(let s): encodedKey = s
            case .int(let i): encodedKey = ["int": String(i)]
            }
            return [encodedKey, canonicalJSON(node.value)]
        }]
    }
}

private func pythonRepr(_ d: Double) -> String {
    if d.isNaN { return "nan" }
    if d.isInfinite { return d < 0 ? "-inf" : "inf" }
    return "\(d)"
}

/// Structural equality of two canonical encodings; floats compare by value (nan equals nan).
func canonicalEqual(_ a: Any, _ b: Any) -> Bool {
    if let x = a as? String, let y = b as? String { return x == y }
    if a is String || b is String { return false }
    if let x = a as? [String: Any], let y = b as? [String: Any] {
        guard x.count == y.count else { return false }
        if let fx = x["float"] as? String, let fy = y["float"] as? String, x.count == 1, y.count == 1 {
            guard let dx = Double(fx), let dy = Double(fy) else { return false }
            return dx == dy || (dx.isNaN && dy.isNaN)
        }
        for (key, vx) in x {
            guard let vy = y[key], canonicalEqual(vx, vy) else { return false }
        }
        return true
    }
    if let x = a as? [Any], let y = b as? [Any] {
        return x.count == y.count && zip(x, y).allSatisfy { canonicalEqual($0, $1) }
    }
    if a is NSNull || b is NSNull { return a is NSNull && b is NSNull }
    if let x = a as? Bool, let y = b as? Bool { return x == y }
    return false
}
