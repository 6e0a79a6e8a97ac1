import Foundation
import Testing
@testable import ConfigLang

@Suite struct ExplanationTests {
    @Test func aLeafShowsItsWholeHistoryAndWhatItsReferenceResolvedFrom() throws {
        let configs = try TemporaryConfigs([
            "base.yaml": "lr: 0.1\noptim:\n  lr: ${lr}\n",
            "child.yaml": "_base_: base.yaml\nlr: 0.2\n",
        ])
        let overrides = try OverrideParser.parse(["--lr", "0.3"], firstArgumentIndex: 3)
        let config = try ConfigLoader(environment: [:]).load(configs.path("child.yaml"), overrides: overrides)
        let text = try Explanation(config.root, key: "optim.lr").rendered()
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines[0] == "optim.lr = 0.3")
        #expect(lines[1].contains("1. set at ") && lines[1].contains("base.yaml:3:7") && lines[1].hasSuffix("│ lr: ${lr}"))
        #expect(lines[2].contains("2. reference ${lr} at "))
        #expect(lines[3].contains("${lr} resolved from lr = 0.3:"))
        #expect(lines[4].contains("1. set at ") && lines[4].contains("base.yaml:1:5"))
        #expect(lines[5].contains("2. replaced at ") && lines[5].contains("child.yaml:2:5"))
        #expect(lines[6].hasSuffix("3. replaced at argument 3: --lr 0.3"))
    }

    @Test func aSubtreeListsItsLeavesAndTheDeleteThatWipedIt() throws {
        let configs = try TemporaryConfigs([
            "base.yaml": "b:\n  x: 1\n",
            "child.yaml": "_base_: base.yaml\nb:\n  _delete_: true\n  y: 2\n  z: [1, 2]\n",
        ])
        let config = try ConfigLoader(environment: [:]).load(configs.path("child.yaml"))
        let text = try Explanation(config.root, key: "b").rendered()
        #expect(text.hasPrefix("b: mapping with 2 values\n"))
        #expect(text.contains("_delete_ wiped it at ") && text.contains("child.yaml:3:3"))
        #expect(text.contains("b.y") && text.contains("child.yaml:4:6"))
        #expect(text.contains("b.z") && text.contains("[1, 2]"))
    }

    @Test func unknownKeysSuggest() throws {
        let configs = try TemporaryConfigs(["c.yaml": "model:\n  depth: 2\n"])
        let config = try ConfigLoader(environment: [:]).load(configs.path("c.yaml"))
        #expect(throws: ConfigError.self) { try Explanation(config.root, key: "model.dpth") }
        do { _ = try Explanation(config.root, key: "model.dpth") } catch let error as ConfigError {
            #expect(error.message == "key 'model.dpth': 'model' has no key 'dpth'; did you mean 'depth'?")
        }
    }
}
