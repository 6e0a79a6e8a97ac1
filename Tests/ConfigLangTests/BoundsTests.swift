import Foundation
import Testing
@testable import ConfigLang

/// Input decides sizes and depths only within bounds: each case that once crashed strata (a stack
/// overflow, or memory exhausted) is now an error at its place.
@Suite struct BoundsTests {
    private func error(_ body: () throws -> Void) -> ConfigError? {
        do { try body() } catch let error as ConfigError { return error } catch { Issue.record("\(error)") }
        return nil
    }

    @Test(arguments: [("[", "]"), ("(", ")"), ("{a: ", "}")])
    func deeplyNestedOverrideValues(open: String, close: String) throws {
        let configs = try TemporaryConfigs(["c.yaml": "seed: 1\n"])
        let value = String(repeating: open, count: 5000) + "1" + String(repeating: close, count: 5000)
        let overrides = try OverrideParser.parse(["+x=" + value], firstArgumentIndex: 3)
        let failure = error { _ = try ConfigLoader(environment: [:]).load(configs.path("c.yaml"), overrides: overrides) }
        #expect(failure?.message.contains("nested deeper than 200 levels") == true, "\(failure?.message ?? "")")
        // The message quotes the start of the argument, not all of it.
        #expect((failure?.message.count ?? 0) < 400)
        // 200 levels are fine.
        let fine = String(repeating: open, count: 199) + "1" + String(repeating: close, count: 199)
        _ = try ConfigLoader(environment: [:]).load(configs.path("c.yaml"), overrides: try OverrideParser.parse(["+x=" + fine], firstArgumentIndex: 3))
    }

    @Test func longChainsOfReferences() throws {
        var text = "a: ${x0}\n"
        for i in 0..<5000 { text += "x\(i): ${x\(i + 1)}\n" }
        text += "x5000: 1\n"
        let configs = try TemporaryConfigs(["c.yaml": text])
        let failure = error { _ = try ConfigLoader(environment: [:]).load(configs.path("c.yaml")) }
        #expect(failure?.kind == .referenceCycle)
        #expect(failure?.message.contains("a chain of more than 200 references (${x0} → ${x1} → …") == true, "\(failure?.message ?? "")")
        #expect(failure?.location?.line != nil)
        // A chain of 150 resolves.
        var short = "a: ${x0}\n"
        for i in 0..<150 { short += "x\(i): ${x\(i + 1)}\n" }
        short += "x150: 7\n"
        let shortConfigs = try TemporaryConfigs(["c.yaml": short])
        let resolved = try ConfigLoader(environment: [:]).load(shortConfigs.path("c.yaml"))
        #expect(try resolved.root.descendant(at: "a").value == .int(7))
    }

    @Test func aliasBombsAreRefusedBeforeAnythingWalksThem() throws {
        var lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
        for i in 1..<10 { lines.append("a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 9).joined(separator: ", ") + "]") }
        let configs = try TemporaryConfigs(["bomb.yaml": lines.joined(separator: "\n") + "\n"])
        let failure = error { _ = try ConfigLoader(environment: [:]).load(configs.path("bomb.yaml")) }
        #expect(failure?.message.contains("expands to more than 1000000 values through its aliases") == true, "\(failure?.message ?? "")")
        #expect(failure?.location?.line == 7, "at the alias that crosses the bound")
        // Aliases within the bound still share and resolve.
        let small = try TemporaryConfigs(["ok.yaml": lines.prefix(4).joined(separator: "\n") + "\n"])
        let root = try ConfigLoader(environment: [:]).load(small.path("ok.yaml")).root
        #expect(try root.descendant(at: "a3").value.sequenceItems?.count == 9)
    }
}
