import Foundation
import Testing
@testable import ConfigLang

@Suite struct OverrideTests {
    static let base = """
        seed: 42
        lr: 0.001
        flag: false
        name: run
        path: null
        sizes: [1, 2, 3]
        scales: [0.5, 0.5]
        ckpt: !!python/tuple [8, 100]
        model:
          depth: 2
          data-path: x
          layers: [{type: a, n: 1}, {type: b, n: 2}]
        bucket_config:
          32px:
            1: !!python/tuple [1.0, 16]
            5: !!python/tuple [1.0, 8]
        optim:
          lr: ${lr}
        """

    private func load(_ arguments: [String], yaml: String = base) throws -> ResolvedConfig {
        let configs = try TemporaryConfigs(["c.yaml": yaml])
        let overrides = try OverrideParser.parse(arguments, firstArgumentIndex: 2)
        return try ConfigLoader(environment: [:]).load(configs.path("c.yaml"), overrides: overrides)
    }

    private func value(_ config: ResolvedConfig, _ path: String) throws -> ConfigValue {
        try ReferenceSyntax.find(path, in: config.root, from: nil).value
    }

    private func failure(_ arguments: [String], yaml: String = base) -> ConfigError? {
        do { _ = try load(arguments, yaml: yaml) } catch let error as ConfigError { return error } catch {}
        return nil
    }

    private func items(_ values: ConfigValue...) -> [ConfigNode] { values.map { ConfigNode($0, location: nil) } }

    @Test func bothSpellingsAndDashUnderscoreEquivalence() throws {
        let config = try load(["--seed", "7", "--lr=1e-4", "name=other", "--model.data_path", "y", "model.depth=4"])
        #expect(try value(config, "seed") == .int(7))
        #expect(try value(config, "lr") == .float(1e-4))
        #expect(try value(config, "name") == .string("other"))
        #expect(try value(config, "model.data-path") == .string("y"))
        #expect(try value(config, "model.depth") == .int(4))
        // Late references follow overrides.
        #expect(try value(config, "optim.lr") == .float(1e-4))
    }

    @Test func valuesAreReadInTheTypeTheyReplace() throws {
        let config = try load([
            "--lr", "3", "--flag", "yes", "--name", "1e3", "--path", "ckpt/5", "--sizes", "[4, 5]",
            "--scales", "[1, 2]", "--ckpt", "(4,4)", "bucket_config.32px.5=(1.0, 4)",
        ])
        #expect(try value(config, "lr") == .float(3))
        #expect(try value(config, "flag") == .bool(true))
        #expect(try value(config, "name") == .string("1e3"))
        #expect(try value(config, "path") == .string("ckpt/5"))
        #expect(try value(config, "sizes") == .list(items(.int(4), .int(5))))
        #expect(try value(config, "scales") == .list(items(.float(1), .float(2))))
        #expect(try value(config, "ckpt") == .tuple(items(.int(4), .int(4))))
        #expect(try value(config, "bucket_config.32px.5") == .tuple(items(.float(1), .int(4))))
        let nulls = try load(["--seed", "None", "--path", "{a: 1, 33: (1.0, 4), \"q,r\": 'x y'}"])
        #expect(try value(nulls, "seed") == .null)
        guard case .mapping(let entries) = try value(nulls, "path") else { Issue.record("mapping"); return }
        #expect(entries.keys.elements == [.string("a"), .int(33), .string("q,r")])
        #expect(entries[.string("q,r")]?.value == .string("x y"))
    }

    @Test func addRemoveAndIndexAddressing() throws {
        let config = try load(["+extra.deep=3", "~flag", "+bucket_config.32px.9=(1.0, 2)", "model.layers.1.n=7", "~sizes.0", "sizes.-1=9"])
        #expect(try value(config, "extra.deep") == .int(3))
        #expect(throws: ConfigError.self) { try value(config, "flag") }
        guard case .mapping(let table) = try value(config, "bucket_config.32px") else { Issue.record("table"); return }
        #expect(table.keys.elements == [.int(1), .int(5), .int(9)])
        #expect(try value(config, "model.layers.1.n") == .int(7))
        #expect(try value(config, "sizes") == .list(items(.int(2), .int(9))))
    }

    @Test func everyOverrideIsAProvenanceLayer() throws {
        let config = try load(["--seed", "7", "--lr=1e-4"])
        let seed = try ReferenceSyntax.find("seed", in: config.root, from: nil)
        #expect(seed.history.map(\.action) == [.set, .replaced])
        #expect(seed.history.last?.origin == .argument(index: 2, text: "--seed 7"))
        let lr = try ReferenceSyntax.find("lr", in: config.root, from: nil)
        #expect(lr.history.last?.origin == .argument(index: 4, text: "--lr=1e-4"))
        #expect(lr.history.last?.origin.description == "argument 4: --lr=1e-4")
    }

    @Test func unknownKeysAreErrorsWithASuggestion() throws {
        let typo = try #require(failure(["--model.detph", "3"]))
        #expect(typo.kind == .invalidOverride)
        #expect(typo.message == "argument 2: --model.detph 3: 'model' has no key 'detph'; did you mean 'model.depth'? (to add a key, write +model.detph=…)")
        let top = try #require(failure(["--sede=5"]))
        #expect(top.message.contains("the config has no key 'sede'; did you mean 'seed'?"))
        let deep = try #require(failure(["--seed.x", "1"]))
        #expect(deep.message.hasSuffix("'seed' is an integer, which has no key 'x'"))
    }

    @Test func typeMismatchesNameTheKeyTheTypeAndWhereTheOldValueCameFrom() throws {
        let error = try #require(failure(["--seed", "1.5"]))
        #expect(error.message.hasPrefix("argument 2: --seed 1.5: 'seed' is an integer (set at "))
        #expect(error.message.contains("c.yaml:1:7); '1.5' is not an integer"))
        #expect(failure(["--flag", "maybe"])?.message.contains("is not a boolean (true or false)") == true)
        #expect(failure(["--sizes", "3"])?.message.contains("'3' is not a list like [1, 2]") == true)
        #expect(failure(["--ckpt", "[4"])?.message.contains("cannot read '[4'") == true)
    }

    @Test func badIndicesAndMisuseAreErrors() throws {
        #expect(failure(["sizes.5=1"])?.message.contains("'sizes' is a list of 3 items; '5' is not an index of it (0 to 2)") == true)
        #expect(failure(["+seed=1"])?.message.contains("already exists") == true)
        #expect(failure(["--flag"])?.message.contains("has no value") == true)
        #expect(failure(["stray"])?.message.contains("unexpected 'stray'") == true)
        #expect(failure(["a..b=1"])?.message.contains("is not a key") == true)
    }

    @Test func derivedPythonValuesWarnWhenTheirNameIsOverridden() throws {
        let configs = try TemporaryConfigs(["c.py": "lr = 5e-5\noptim = dict(lr=lr, eps=1e-15)\nother = dict(lr=lr)\n"])
        let overrides = try OverrideParser.parse(["--lr", "1e-4", "--other.lr", "1e-4"], firstArgumentIndex: 2)
        let config = try ConfigLoader(environment: [:]).load(configs.path("c.py"), overrides: overrides)
        #expect(config.warnings.count == 1)
        let warning = try #require(config.warnings.first)
        #expect(warning.contains("'optim.lr' was computed from 'lr'"))
        #expect(warning.contains("--optim.lr"))
        #expect(try value(config, "optim.lr") == .float(5e-5))
    }
}
