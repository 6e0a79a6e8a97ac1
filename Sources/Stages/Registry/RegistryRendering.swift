import ConfigLang
import Foundation

/// What `strata registry` prints: the schemas, as text or JSON.
public enum RegistryRendering {
    /// The schemas selected by a category (or `stage`) and a type name; nil selects all.
    public static func select(_ registry: Registry, category: String?, type: String?) throws -> [TypeSchema] {
        let stages = Engine.allCases.compactMap { registry.stageSchemas[$0] }
        guard let category else { return stages + Category.allCases.flatMap { registry.types(in: $0) } }
        if category == "stage" { return stages }
        guard let chosen = Category(rawValue: category) else {
            let names = ["stage"] + Category.allCases.map(\.rawValue)
            let hint = Suggestions.closest(to: category, among: names).map { "; did you mean '\($0)'?" } ?? ""
            throw ConfigError(.schema, "unknown category '\(category)'\(hint) (categories: \(names.joined(separator: ", ")))")
        }
        guard let type else { return registry.types(in: chosen) }
        let matching = Engine.allCases.compactMap { registry.lookUp(type, in: chosen, engine: $0) }
        guard !matching.isEmpty else {
            let known = registry.names(in: chosen)
            let hint = Suggestions.closest(to: type, among: known).map { "; did you mean '\($0)'?" } ?? ""
            throw ConfigError(.schema, "unknown \(chosen.rawValue) type '\(type)'\(hint) registered \(chosen.rawValue) types: \(known.joined(separator: ", "))")
        }
        return matching
    }

    public static func text(_ schemas: [TypeSchema]) -> String {
        var out = ""
        for schema in schemas {
            if !out.isEmpty { out += "\n" }
            let title = schema.category.map { "\($0.rawValue) \(schema.name)" } ?? schema.name
            out += title + (schema.aliases.isEmpty ? "" : " (aliases: \(schema.aliases.joined(separator: ", ")))") + " [\(schema.engine.title)] — \(schema.doc)\n"
            if let category = schema.category, category.typeKeys.count > 1 {
                out += "  type key: \(category.typeKeys.joined(separator: " or "))\n"
            }
            let width = schema.parameters.map(\.name.count).max() ?? 0
            for parameter in schema.parameters {
                let name = parameter.name.padding(toLength: width, withPad: " ", startingAt: 0)
                let value = parameter.defaultValue.map { "= \(PythonRepr.render($0))" } ?? "(required)"
                let role = parameter.role == .result ? "" : " [\(parameter.role.rawValue)]"
                out += "  \(name)  \(parameter.type.text) \(value)\(role)\n"
                out += "  \(String(repeating: " ", count: width))    \(parameter.doc)\n"
            }
        }
        return out
    }

    public static func json(_ schemas: [TypeSchema]) throws -> String {
        let items: [[String: Any]] = schemas.map { schema in
            [
                "category": schema.category?.rawValue ?? "stage",
                "name": schema.name,
                "engine": schema.engine.rawValue,
                "aliases": schema.aliases,
                "type_keys": schema.category?.typeKeys ?? [],
                "doc": schema.doc,
                "parameters": schema.parameters.map { parameter -> [String: Any] in
                    [
                        "name": parameter.name,
                        "type": parameter.type.text,
                        "default": parameter.defaultValue.map { jsonValue($0) } ?? NSNull(),
                        "required": parameter.defaultValue == nil,
                        "role": parameter.role.rawValue,
                        "shapes_weights": parameter.role == .weights,
                        "doc": parameter.doc,
                    ]
                },
            ]
        }
        let data = try JSONSerialization.data(withJSONObject: items, options: [.prettyPrinted, .sortedKeys])
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    private static func jsonValue(_ value: ConfigValue) -> Any {
        switch value {
        case .null: return NSNull()
        case .bool(let flag): return flag
        case .int(let number): return number
        case .float(let number): return number
        case .string(let text), .timestamp(let text): return text
        case .list(let items), .tuple(let items): return items.map { jsonValue($0.value) }
        case .mapping(let entries):
            var out: [String: Any] = [:]
            for (key, node) in entries { out[key.description] = jsonValue(node.value) }
            return out
        }
    }
}
