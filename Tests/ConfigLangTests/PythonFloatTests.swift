import Foundation
import Testing
@testable import ConfigLang

@Suite struct PythonFloatTests {
    /// 3,000 doubles (random bit patterns and decimal-looking values) against Python's `repr`.
    @Test func matchesPythonReprOnTheGoldenTable() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/floats/repr.json")
        let rows = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [[String]])
        #expect(rows.count > 3000)
        var mismatches: [String] = []
        for row in rows {
            let bits = try #require(UInt64(row[0], radix: 16))
            let ours = PythonFloat.repr(Double(bitPattern: bits))
            if ours != row[1] { mismatches.append("\(row[0]): python \(row[1]) strata \(ours)") }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(10))")
    }

    @Test func yamlFloatsAlwaysHaveADot() {
        #expect(YAMLWriter.floatText(1e-5) == "1.0e-05")
        #expect(YAMLWriter.floatText(5e-5) == "5.0e-05")
        #expect(YAMLWriter.floatText(1.5e16) == "1.5e+16")
        #expect(YAMLWriter.floatText(.infinity) == ".inf")
        #expect(YAMLWriter.floatText(-.infinity) == "-.inf")
        #expect(YAMLWriter.floatText(.nan) == ".nan")
        #expect(YAMLWriter.floatText(0.5) == "0.5")
    }
}
