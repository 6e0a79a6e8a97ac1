import ConfigLang

/// The structure of `bucket_config` (Open-Sora 2.0, with the v1.x tuple forms):
/// `{resolution name: {num_frames: value}}` where a value is a keep probability `p`, a pair
/// `(p_hw, p_t)` of probabilities, or `(p, batch_size)` with `p` either form and a batch size ≥ 1
/// (or null, v1.x's "drop"). The bucket arithmetic lives elsewhere; this checks shape only.
enum BucketTable {
    static let schema = TypeSchema(
        .bucket, "bucket_config",
        doc: "{resolution: {num_frames: p | (p_hw, p_t) | (p, batch_size)}}; p in [0, 1], batch size per process.",
        parameters: [], tableCheck: check)

    static func check(_ node: ConfigNode, path: String) -> [ConfigError] {
        guard case .mapping(let resolutions) = node.value else {
            return [located(node, "\(path): expected a mapping of resolutions, found \(ValueText.describe(node.value))")]
        }
        if resolutions.isEmpty { return [located(node, "\(path): the bucket table is empty; give at least one resolution")] }
        var errors: [ConfigError] = []
        for (resolution, frames) in resolutions {
            let here = "\(path).\(resolution)"
            guard case .string = resolution else {
                errors.append(located(frames, "\(here): resolution names are strings like '256px', found the integer key \(resolution)", key: true))
                continue
            }
            guard case .mapping(let entries) = frames.value else {
                errors.append(located(frames, "\(here): expected {num_frames: …}, found \(ValueText.describe(frames.value))"))
                continue
            }
            for (count, value) in entries {
                guard case .int(let number) = count, number >= 1 else {
                    errors.append(located(value, "\(here): frame counts are integers ≥ 1, found the key '\(count)'", key: true))
                    continue
                }
                if let problem = problem(value.value) {
                    errors.append(located(value, "\(here).\(number): \(problem)"))
                }
            }
        }
        return errors
    }

    private static func problem(_ value: ConfigValue) -> String? {
        let expected = "expected p, (p_hw, p_t) or (p, batch_size) with p in [0, 1] and batch_size an integer ≥ 1 or null, found \(ValueText.describe(value))"
        if isProbability(value) { return nil }
        guard let items = value.sequenceItems, items.count == 2 else { return expected }
        if isProbability(items[0].value) && isProbability(items[1].value), case .float = items[1].value { return nil }
        let probabilityOK = isProbability(items[0].value) || isProbabilityPair(items[0].value)
        switch items[1].value {
        case .int(let size) where size >= 1 && probabilityOK: return nil
        case .null where probabilityOK: return nil
        default: return expected
        }
    }

    private static func isProbability(_ value: ConfigValue) -> Bool {
        switch value {
        case .float(let p): return p >= 0 && p <= 1
        case .int(let p): return p == 0 || p == 1
        default: return false
        }
    }

    private static func isProbabilityPair(_ value: ConfigValue) -> Bool {
        guard let items = value.sequenceItems, items.count == 2 else { return false }
        return items.allSatisfy { isProbability($0.value) }
    }

    private static func located(_ node: ConfigNode, _ message: String, key: Bool = false) -> ConfigError {
        SchemaValidator.error(message, at: node, preferKey: key)
    }
}
