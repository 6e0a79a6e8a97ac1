import Foundation
import Testing
@testable import ConfigLang

/// Overrides checked against what the config's consumer reads: keys the schema declares may be
/// set without `+`, in the declared type; typos are still refused, with suggestions drawn from the
/// config and the schema together.
@Suite struct SchemaOverrideTests {
    /// A consumer that reads a few keys no file sets, like Open-Sora's trainer.
    struct TrainerKeys: KeySchema {
        func declaredKeys(at path: [ConfigKey], in root: ConfigNode) -> [DeclaredKey] {
            switch path.map(\.description) {
            case []:
                return [DeclaredKey("wandb", .bool), DeclaredKey("start_step", .optional(.int)), DeclaredKey("load", .optional(.string)),
                        DeclaredKey("lora_config", .optional(.mapping)), DeclaredKey("exp_name", .optional(.string)),
                        DeclaredKey("sigma_min", .float), DeclaredKey("seed", .int)]
            case ["dataset"]:
                return [DeclaredKey("data_path", .optional(.string)), DeclaredKey("memory_efficient", .bool)]
            case ["model"]:
                return [DeclaredKey("from_pretrained", .optional(.string)), DeclaredKey("depth", .int)]
            default:
                return []
            }
        }
    }

    static let config = """
        dataset:
          type: video_text
          fps_max: 24
        model:
          type: flux
          from_pretrained: null
          depth: 19
        seed: 42
        """

    private func load(_ arguments: [String], schema: (any KeySchema)? = TrainerKeys()) throws -> ConfigNode {
        let configs = try TemporaryConfigs(["c.yaml": Self.config])
        let overrides = try OverrideParser.parse(arguments, firstArgumentIndex: 3)
        return try ConfigLoader(environment: [:], keySchema: schema).load(configs.path("c.yaml"), overrides: overrides).root
    }

    private func message(_ arguments: [String], schema: (any KeySchema)? = TrainerKeys()) -> String? {
        do { _ = try load(arguments, schema: schema) } catch let error as ConfigError { return error.message } catch { return "\(error)" }
        return nil
    }

    private func value(_ root: ConfigNode, _ path: String) throws -> ConfigValue {
        try ReferenceSyntax.find(path, in: root, from: nil).value
    }

    @Test func openSoraCommandLinesAreAcceptedAndTyped() throws {
        let root = try load(["--dataset.data-path", "datasets/pexels_45k_necessary.csv", "--wandb", "True", "--start-step", "0",
                             "--load", "outputs/EXP/epoch0-global_step100", "--model.from_pretrained", "ckpts/Open_Sora_v2.safetensors",
                             "--dataset.memory_efficient", "True", "--exp-name", "1e3"])
        #expect(try value(root, "dataset.data_path") == .string("datasets/pexels_45k_necessary.csv"))
        #expect(try value(root, "wandb") == .bool(true))
        #expect(try value(root, "start_step") == .int(0))
        #expect(try value(root, "load") == .string("outputs/EXP/epoch0-global_step100"))
        #expect(try value(root, "model.from_pretrained") == .string("ckpts/Open_Sora_v2.safetensors"))
        #expect(try value(root, "dataset.memory_efficient") == .bool(true))
        // Declared as a string: a number-looking name stays a string.
        #expect(try value(root, "exp_name") == .string("1e3"))
        // Added under the declared spelling, not the command line's.
        guard case .mapping(let dataset) = try root.descendant(at: "dataset").value else { Issue.record("dataset"); return }
        #expect(dataset.keys.map(\.description) == ["type", "fps_max", "data_path", "memory_efficient"])
    }

    @Test func addedKeysRecordTheArgument() throws {
        let root = try load(["--wandb", "true"])
        let node = try root.descendant(at: "wandb")
        #expect(node.origin?.description == "argument 3: --wandb true")
    }

    @Test func declaredTypesAreEnforced() {
        #expect(message(["--wandb", "maybe"])?.contains("'wandb' is declared by the schema as a boolean (true or false); 'maybe' is not a boolean") == true)
        #expect(message(["--start-step", "1.5"])?.contains("'1.5' is not an integer") == true)
        #expect(message(["--sigma-min", "small"])?.contains("is not a number") == true)
    }

    @Test func noneIsNullForOptionalKeys() throws {
        let root = try load(["--load", "None", "--model.from_pretrained", "none"])
        #expect(try value(root, "load") == .null)
        #expect(try value(root, "model.from_pretrained") == .string("none"))
    }

    @Test func typosAreRefusedWithSuggestionsFromConfigAndSchema() {
        let top = message(["--wandbb", "True"])
        #expect(top?.contains("the config has no key 'wandbb'; did you mean 'wandb'?") == true, "\(top ?? "")")
        let nested = message(["--dataset.data-pth", "x.csv"])
        #expect(nested?.contains("'dataset' has no key 'data-pth'; did you mean 'dataset.data_path'?") == true, "\(nested ?? "")")
        let fromFile = message(["--model.dept", "3"])
        #expect(fromFile?.contains("did you mean 'model.depth'?") == true, "\(fromFile ?? "")")
        // The suggested + spelling uses the key as it will be named.
        #expect(fromFile?.contains("+model.dept=") == true)
    }

    @Test func withoutASchemaTheFileDecides() {
        #expect(message(["--wandb", "True"], schema: nil)?.contains("the config has no key 'wandb'") == true)
    }

    @Test func addedKeysNormaliseDashes() throws {
        let root = try load(["+dataset.num-frames=5", "+extra-key=1"])
        #expect(try value(root, "dataset.num_frames") == .int(5))
        #expect(try value(root, "extra_key") == .int(1))
    }

    @Test func keysUnderDeclaredMappingsMayBeAddedButNotUnderScalars() throws {
        let root = try load(["--lora_config.r", "8"])
        #expect(try value(root, "lora_config.r") == .int(8))
        let scalar = message(["--exp-name.x", "1"])
        #expect(scalar?.contains("'exp_name' holds a single value, not keys") == true, "\(scalar ?? "")")
    }

    @Test func removingADeclaredKeyThatIsNotSetIsRefused() {
        #expect(message(["~wandb"])?.contains("the config has no key 'wandb'") == true)
    }
}

@Suite struct OpenMappingOverrideTests {
    /// `plugin_config` passes its keys on as keyword arguments: any key may be set.
    struct PluginKeys: KeySchema {
        func declaredKeys(at path: [ConfigKey], in root: ConfigNode) -> [DeclaredKey] {
            path.map(\.description) == ["plugin_config"] ? [DeclaredKey(DeclaredKey.anyName, .any)] : []
        }
    }

    @Test func anyKeyOfAnOpenMapping() throws {
        let configs = try TemporaryConfigs(["c.yaml": "plugin_config: {reduce_bucket_size_in_m: 128}\n"])
        let overrides = try OverrideParser.parse(["--plugin_config.sp-size", "8", "--plugin_config.mode", "ring_attn"], firstArgumentIndex: 3)
        let root = try ConfigLoader(environment: [:], keySchema: PluginKeys()).load(configs.path("c.yaml"), overrides: overrides).root
        #expect(try ReferenceSyntax.find("plugin_config.sp_size", in: root, from: nil).value == .int(8))
        #expect(try ReferenceSyntax.find("plugin_config.mode", in: root, from: nil).value == .string("ring_attn"))
    }
}
