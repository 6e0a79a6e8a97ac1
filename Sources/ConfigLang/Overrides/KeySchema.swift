/// What a config's consumer reads beyond what its files set.
///
/// Open-Sora's trainer reads `dataset.data_path`, `wandb`, `load`, … that its config files never
/// set, so strictness against the file alone would refuse its documented command lines. An
/// override key is valid when the config has it or the schema declares it at that place; a
/// declared key is added without `+` and its value read in the declared kind. ConfigLang knows
/// nothing of registries: whoever knows the consumer (Stages, from its type registry) implements
/// this and passes it in.
public protocol KeySchema: Sendable {
    /// The keys declared for the mapping at `path` of `root`, the config as the earlier overrides
    /// left it (so that `model.type` can say which keys `model` takes). Empty: nothing declared.
    func declaredKeys(at path: [ConfigKey], in root: ConfigNode) -> [DeclaredKey]
}

/// One key a `KeySchema` declares.
public struct DeclaredKey: Sendable, Equatable {
    /// The name that declares every key of a mapping whose keys are data (`plugin_config`, passed
    /// on as keyword arguments): any key may be set, read in the declared kind.
    public static let anyName = "*"

    public var name: String
    /// How a command-line value for the key is read.
    public var kind: ValueKind

    public init(_ name: String, _ kind: ValueKind) {
        self.name = name
        self.kind = kind
    }
}

/// The kind of value a declared key holds, as far as reading a command-line value goes:
/// `--wandb True` is a boolean, `--start-step 0` an integer, `--dataset.data-path 1e3` a string.
public indirect enum ValueKind: Sendable, Equatable {
    case bool
    case int
    case float
    case string
    case list
    case tuple
    case mapping
    /// Read as a literal (`[1, 2]`, `3`, `'x'`), or as the text itself when it is none.
    case any
    /// `None`/`null` or the wrapped kind.
    case optional(ValueKind)

    /// A value of this kind, for reading text "in the type of the value it replaces".
    var prototype: ConfigValue? {
        switch self {
        case .bool: return .bool(false)
        case .int: return .int(0)
        case .float: return .float(0)
        case .string: return .string("")
        case .list: return .list([])
        case .tuple: return .tuple([])
        case .mapping: return .mapping([:])
        case .any: return nil
        case .optional(let inner): return inner.prototype
        }
    }

    /// Whether keys may be added under a value of this kind.
    var holdsKeys: Bool {
        switch self {
        case .mapping, .any: return true
        case .optional(let inner): return inner.holdsKeys
        default: return false
        }
    }
}
