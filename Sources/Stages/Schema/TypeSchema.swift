import ConfigLang

/// The kinds of component a stage config is built from. Each is a `{type: NAME, …}` mapping at a
/// fixed top-level key, except `bucket`, which is the `bucket_config` table itself.
public enum Category: String, Sendable, CaseIterable {
    case dataset, bucket, model, optimizer, lr_scheduler, ae, text_encoder

    /// The keys that name the type. Open-Sora's optimizer says `cls: HybridAdam`.
    public var typeKeys: [String] { self == .optimizer ? ["type", "cls"] : ["type"] }
}

/// The trainer that runs a type: strata's CPU engine, or Open-Sora 2.0's own trainer
/// (`scripts/diffusion/train.py` under torchrun). A stage runs on the engine of its model's type,
/// and every component of the stage must belong to that engine.
public enum Engine: String, Sendable, CaseIterable {
    case strata
    case opensora

    /// As messages and `strata registry` name it.
    public var title: String {
        switch self {
        case .strata: return "strata's CPU engine"
        case .opensora: return "Open-Sora's trainer"
        }
    }
}

/// How a parameter's value bears on the result of a stage.
public enum ParameterRole: String, Sendable {
    /// Shapes the weights: must agree along a stage edge unless the child declares the change;
    /// counts in the fingerprint.
    case weights
    /// Changes what training produces (lr, seed, data): counts in the fingerprint.
    case result
    /// How the work is done, not what it produces (logging cadence, workers, checkpoint cadence).
    case operational
    /// Accepted for compatibility with Open-Sora's configs and not used.
    case ignored

    public var countsInFingerprint: Bool { self == .weights || self == .result }
}

/// One declared parameter of a registered type.
public struct Parameter: Sendable {
    public var name: String
    public var type: ParameterType
    /// nil: the parameter must be given.
    public var defaultValue: ConfigValue?
    public var doc: String
    public var role: ParameterRole

    public init(_ name: String, _ type: ParameterType, default defaultValue: ConfigValue?, role: ParameterRole, _ doc: String) {
        self.name = name
        self.type = type
        self.defaultValue = defaultValue
        self.doc = doc
        self.role = role
    }
}

/// A problem a whole-mapping check found: the parameter to point at and what is wrong.
public struct SchemaIssue: Sendable {
    public var key: String
    public var message: String
    public init(key: String, message: String) {
        self.key = key
        self.message = message
    }
}

/// The declared shape of one registered type: its parameters, and checks across parameters.
public struct TypeSchema: Sendable {
    public var category: Category?
    public var name: String
    /// The trainer that implements the type.
    public var engine: Engine
    /// Other names accepted for this type (Open-Sora's `HybridAdam` for `adamw`).
    public var aliases: [String]
    public var doc: String
    public var parameters: [Parameter]
    /// Checks that involve several parameters (hidden_size divisible by num_heads); they run only
    /// when every parameter has the right type.
    public var checks: [@Sendable (ConfigMapping) -> SchemaIssue?]
    /// A type whose keys are data, not parameters (the bucket table): checked by `tableCheck` only.
    public var tableCheck: (@Sendable (ConfigNode, _ path: String) -> [ConfigError])?

    public init(
        _ category: Category?, _ name: String, engine: Engine = .strata, aliases: [String] = [], doc: String, parameters: [Parameter],
        checks: [@Sendable (ConfigMapping) -> SchemaIssue?] = [],
        tableCheck: (@Sendable (ConfigNode, String) -> [ConfigError])? = nil
    ) {
        self.category = category
        self.name = name
        self.engine = engine
        self.aliases = aliases
        self.doc = doc
        self.parameters = parameters
        self.checks = checks
        self.tableCheck = tableCheck
    }

    public func parameter(_ name: String) -> Parameter? { parameters.first { $0.name == name } }
}
