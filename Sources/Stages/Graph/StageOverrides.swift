import ConfigLang

/// Command-line overrides for a plan or run. `key=value` applies to the target stage;
/// `STAGE:key=value` (also `--STAGE:key value`) to the named stage of the chain; `*:key=value` to
/// every stage of the chain (before the stage's own).
public struct StageOverrides: Sendable {
    public var target: String
    public var byStage: [String: [Override]]

    public init(target: String, byStage: [String: [Override]] = [:]) {
        self.target = target
        self.byStage = byStage
    }

    public static let everyStage = "*"

    public func overrides(for stage: String) -> [Override] { (byStage[Self.everyStage] ?? []) + (byStage[stage] ?? []) }

    /// Parses the override arguments (with their 1-based command-line positions). Overrides without
    /// a stage go to `unprefixed` (default: the target stage).
    public static func parse(_ arguments: [(index: Int, text: String)], target: String, unprefixed: String? = nil) throws -> StageOverrides {
        var result = StageOverrides(target: target)
        for var override in try OverrideParser.parse(arguments) {
            var stage = unprefixed ?? target
            if let colon = override.path[0].firstIndex(of: ":") {
                stage = String(override.path[0][..<colon])
                override.path[0] = String(override.path[0][override.path[0].index(after: colon)...])
                guard !stage.isEmpty, !override.path[0].isEmpty else {
                    throw ConfigError(.invalidOverride, "\(override.origin): expected STAGE:key=value, e.g. stage1:optim.lr=1e-4")
                }
            }
            result.byStage[stage, default: []].append(override)
        }
        return result
    }

    /// Every stage named by an override, to check that it is in the chain.
    public var stages: [String] { byStage.keys.filter { $0 != Self.everyStage }.sorted() }
}
