import Testing
@testable import ConfigLang

func jsonRead(_ text: String) throws -> ConfigNode {
    try JSONConfigReader.read(SourceText(file: "c.json", text: text))
}

func jsonError(_ text: String) -> ConfigError? {
    do {
        _ = try jsonRead(text)
        return nil
    } catch let error as ConfigError {
        return error
    } catch {
        return nil
    }
}

@Suite struct JSONReaderTests {
    @Test func keysAndValuesCarryLocations() throws {
        let node = try jsonRead("{\n  \"a\": [1, {\"é😀\": true}],\n  \"b\": \"x\"\n}")
        #expect(node.location == SourceLocation(file: "c.json", line: 1, column: 1))
        let a = try #require(node["a"])
        #expect(a.keyLocation == SourceLocation(file: "c.json", line: 2, column: 3))
        #expect(a.location == SourceLocation(file: "c.json", line: 2, column: 8))
        let inner = try #require(a.value.sequenceItems?[1])
        #expect(inner["é😀"]?.location?.column == 19)
        #expect(node["b"]?.history == [ProvenanceEvent(.set, at: .file(SourceLocation(file: "c.json", line: 3, column: 8)))])
    }

    @Test func duplicateKeysKeepTheFirstPositionAndTheLastValue() throws {
        let node = try jsonRead("{\"a\": 1, \"b\": 2, \"a\": 3}")
        #expect(node.value.mapping?.keys.map(\.description) == ["a", "b"])
        #expect(node["a"]?.value == .int(3))
        #expect(node["a"]?.location?.column == 23)
    }

    @Test func numbersFollowPython() throws {
        #expect(try jsonRead("1.0").value == .float(1.0))
        #expect(try jsonRead("-0").value == .int(0))
        #expect(try jsonRead("1e400").value == .float(.infinity))
        #expect(try jsonRead("NaN").value == .float(.nan))
        #expect(try jsonRead("-Infinity").value == .float(-.infinity))
        #expect(try jsonRead("-9223372036854775808").value == .int(.min))
        #expect(jsonError("9223372036854775808")?.kind == .unsupportedValue)
    }

    @Test func stringsAreStrict() throws {
        #expect(try jsonRead("\"\\ud83d\\ude00\"").value == .string("😀"))
        #expect(jsonError("\"\\ud800\"")?.kind == .unsupportedValue)
        #expect(jsonError("\"\\udc00\\ud800\"")?.kind == .unsupportedValue)
        #expect(jsonError("\"\\ud800\\u0041\"")?.kind == .unsupportedValue)
        #expect(jsonError("\"a\u{1}b\"")?.location?.column == 3)
        #expect(jsonError("\"\\x41\"")?.message == "invalid escape '\\x'")
    }

    @Test func errorsPointAtTheExactSpot() {
        func check(_ text: String, _ line: Int, _ column: Int, _ message: String) {
            let error = jsonError(text)
            #expect(error?.kind == .jsonSyntax, "\(text)")
            #expect(error?.message == message, "\(text): \(error?.message ?? "none")")
            #expect(error?.location?.line == line && error?.location?.column == column, "\(text): \(String(describing: error?.location))")
        }
        check("{\"a\": 1\n \"b\": 2}", 2, 2, "expected ',' or '}' after an object entry")
        check("[1 2]", 1, 4, "expected ',' or ']' after an array item")
        check("{\"a\" 1}", 1, 6, "expected ':' after an object key")
        check("{'a': 1}", 1, 2, "expected a key in double quotes")
        check("{\"a\": 1,}", 1, 9, "expected a key in double quotes (JSON allows no trailing comma)")
        check("[1,]", 1, 4, "expected a value (JSON allows no trailing comma)")
        check("", 1, 1, "expected a value, found the end of the file")
        check("{} x", 1, 4, "extra data after the top-level value")
        check("01", 1, 2, "extra data after the top-level value")
        check("\"abc", 1, 1, "unterminated string")
        check("\u{FEFF}{}", 1, 1, "unexpected UTF-8 byte order mark (Python's json.load refuses it)")
        check("[\u{00A0}1]", 1, 2, "expected a value")
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        #expect(jsonError(String(repeating: "[", count: 100_000))?.kind == .jsonSyntax)
        #expect((try? jsonRead(String(repeating: "[", count: 300) + String(repeating: "]", count: 300))) != nil)
    }

    @Test func mutatedInputsNeverCrash() {
        let seeds = [
            "{\"a\": [1, 2.5e-3, -0, true, null, \"x\\u00e9\\ud83d\\ude00\"], \"b\": {\"c\": NaN}}",
            "[Infinity, -Infinity, 1e400, 9223372036854775807, \"\\n\\t\\\\\"]",
        ]
        let alphabet = ["{", "}", "[", "]", ",", ":", "\"", "\\", "\\u", "\\ud800", "-", "0", "9", ".", "e", "E",
                        "+", " ", "\n", "\t", "\u{1}", "N", "I", "t", "n", "😀", "\u{FEFF}", "1e999", "18446744073709551616"]
        var random = FuzzRandom(state: 42)
        for round in 0..<500 {
            _ = try? jsonRead(random.mutate(seeds[round % seeds.count], alphabet: alphabet))
        }
    }
}
