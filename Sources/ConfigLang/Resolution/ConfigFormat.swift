/// The file formats a config may be written in, chosen by extension as mmengine does.
enum ConfigFormat: String, CaseIterable {
    case yaml, json, python

    init?(path: String) {
        let lower = path.lowercased()
        if lower.hasSuffix(".yaml") || lower.hasSuffix(".yml") {
            self = .yaml
        } else if lower.hasSuffix(".json") {
            self = .json
        } else if lower.hasSuffix(".py") {
            self = .python
        } else {
            return nil
        }
    }
}
