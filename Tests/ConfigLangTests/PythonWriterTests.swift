import Foundation
import OrderedCollections
import Testing

@testable import ConfigLang

/// `PythonWriter` output must load to the same dict in strata's Python reader (checked here) and
/// in mmengine (checked by `scripts/mmengine_golden.py --roundtrip` on the committed files under
/// `Fixtures/roundtrip`, which `STRATA_WRITE_ROUNDTRIP=1 swift test --filter PythonWriter` rewrites).
@Suite struct PythonWriterTests {
    // MARK: The differential corpus, written as Python and read back

    @Test(arguments: DifferentialCorpus.caseNames)
    func corpusRoundTrips(_ name: String) throws {
        let spec = try DifferentialCorpus.Case(name: name)
        guard let root = RoundTrip.resolvedRoot(spec) else { return }  // the case is an error
        let text: String
        do {
            text = try PythonWriter.write(root)
        } catch let error as ConfigError {
            // Only values Python cannot hold are refused; the reason is committed beside the files.
            #expect(error.kind == .unsupportedValue, "\(name): \(error)")
            try RoundTrip.check(name, file: name + ".skip", text: error.message + "\n")
            return
        }
        try RoundTrip.expectReadsBack(text, as: root, name: name)
        try RoundTrip.check(name, file: name + ".py", text: text)
    }

    /// Values chosen to trip a writer, also written to `Fixtures/roundtrip` for mmengine.
    @Test func edgeCasesRoundTrip() throws {
        let root = EdgeCases.root
        let text = try PythonWriter.write(root)
        try RoundTrip.expectReadsBack(text, as: root, name: "edge-cases")
        try RoundTrip.check("edge-cases", file: "edge-cases.py", text: text)
        let canonical = try JSONSerialization.data(withJSONObject: canonicalJSON(root.value), options: [.sortedKeys, .withoutEscapingSlashes])
        try RoundTrip.check("edge-cases", file: "edge-cases.json", text: String(decoding: canonical, as: UTF8.self) + "\n")
    }

    /// Every committed round-trip file belongs to a corpus case or to the edge cases.
    @Test func noStaleRoundTripFiles() throws {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: RoundTrip.directory.path)) ?? []
        let known = Set(DifferentialCorpus.caseNames + ["edge-cases"])
        for file in names where file != "README.md" {
            let stem = (file as NSString).deletingPathExtension
            #expect(known.contains(stem), "Fixtures/roundtrip/\(file) belongs to no case")
        }
        #expect(names.count >= 50, "Fixtures/roundtrip holds \(names.count) files")
    }

    // MARK: Edge cases

    @Test func intAndStringKeysInOneMappingUseADisplay() throws {
        let text = try PythonWriter.write(map(["m": map([.int(1): str("a"), "1": str("b"), "x": int(2)])]))
        #expect(text == "m = {\n    1: 'a',\n    '1': 'b',\n    'x': 2,\n}\n")
    }

    @Test func identifierKeysUseDictCalls() throws {
        let text = try PythonWriter.write(map(["model": map(["type": str("DiT"), "depth": int(28), "_x": .init(.null, location: nil)])]))
        #expect(text == "model = dict(\n    type='DiT',\n    depth=28,\n    _x=None,\n)\n")
    }

    @Test func keywordAndNonIdentifierKeysAreQuoted() throws {
        for key in ["class", "None", "True", "lambda", "256px", "a-b", "a b", "", "ﬁ", "x²", "x.y"] {
            let text = try PythonWriter.write(map(["m": map([.string(key): int(1), "ok": int(2)])]))
            #expect(text == "m = {\n    \(PythonWriter.quoted(key)): 1,\n    'ok': 2,\n}\n")
            try RoundTrip.expectReadsBack(text, as: map(["m": map([.string(key): int(1), "ok": int(2)])]), name: key)
        }
    }

    @Test func topLevelKeysMustBeNames() throws {
        let at = SourceLocation(file: "c.yaml", line: 3, column: 1)
        for key in ["class", "None", "256px", "a-b", "ﬁ", "x²"] {
            let root = ConfigNode(.mapping([.string(key): ConfigNode(.int(1), location: at, keyLocation: at)]), location: nil)
            let error = try #require(throws: ConfigError.self) { try PythonWriter.write(root) }
            #expect(error.kind == .unsupportedValue)
            #expect(error.location == at)
        }
        #expect(throws: ConfigError.self) { try PythonWriter.write(int(1)) }
    }

    @Test func aTopLevelDictNameTurnsEveryMappingIntoADisplay() throws {
        let root = map(["dict": map(["a": int(1)]), "b": map(["c": int(2)])])
        let text = try PythonWriter.write(root)
        #expect(!text.contains("dict("))
        try RoundTrip.expectReadsBack(text, as: root, name: "dict-name")
    }

    @Test func stringsAreQuotedLikeRepr() {
        #expect(PythonWriter.quoted("plain") == "'plain'")
        #expect(PythonWriter.quoted("it's") == "\"it's\"")
        #expect(PythonWriter.quoted("it's \"x\"") == "'it\\'s \"x\"'")
        #expect(PythonWriter.quoted("a\\b\nc\td\re") == "'a\\\\b\\nc\\td\\re'")
        #expect(PythonWriter.quoted("\u{0}\u{7F}\u{85}\u{A0}é✓\u{2028}\u{FEFF}\u{1F600}\u{E000}") == "'\\x00\\x7f\\x85\\xa0é✓\\u2028\\ufeff\u{1F600}\\ue000'")
        #expect(PythonWriter.quoted("{{ fileDirname }} {x} {{$HOME:}}") == "'\\x7b{ fileDirname }} {x} \\x7b{$HOME:}}'")
    }

    @Test func stringsReadBack() throws {
        let root = EdgeCases.root
        let text = try PythonWriter.write(root)
        try RoundTrip.expectReadsBack(text, as: root, name: "strings")
    }

    @Test func tuplesKeepTheirShape() throws {
        let text = try PythonWriter.write(map([
            "one": tuple([int(1)]), "empty": tuple([]), "pair": tuple([flt(1.0), int(16)]),
            "nested": list([tuple([int(1), int(2)]), tuple([]), list([tuple([str("x")])])]),
            "deep": tuple([tuple([int(1)])]),
        ]))
        #expect(text == """
            one = (1,)
            empty = ()
            pair = (1.0, 16)
            nested = [
                (1, 2),
                (),
                [
                    ('x',),
                ],
            ]
            deep = (
                (1,),
            )

            """)
    }

    @Test func floatsAreExact() throws {
        let text = try PythonWriter.write(map([
            "f": list([flt(.nan), flt(.infinity), flt(-.infinity), flt(-0.0), flt(0.1), flt(1e-5), flt(1e16), flt(.leastNonzeroMagnitude)]),
        ]))
        #expect(text == "f = [1e999 - 1e999, 1e999, -1e999, -0.0, 0.1, 1e-05, 1e+16, 5e-324]\n")
        let back = try RoundTrip.read(text)
        let items = try #require(back.value.mapping?["f"]?.value.sequenceItems)
        guard case .float(let nan) = items[0].value, case .float(let negativeZero) = items[3].value else {
            Issue.record("not floats: \(items)")
            return
        }
        #expect(nan.isNaN)
        #expect(negativeZero == 0 && negativeZero.sign == .minus)
        #expect(items[1].value == .float(.infinity) && items[2].value == .float(-.infinity))
    }

    @Test func bigIntegersAndKeys() throws {
        let root = map(["i": list([int(.min), int(.max), int(0), int(-1)]), "k": map([.int(.min): int(1), .int(-5): int(2)])])
        let text = try PythonWriter.write(root)
        #expect(text == "i = [-9223372036854775808, 9223372036854775807, 0, -1]\nk = {\n    -9223372036854775808: 1,\n    -5: 2,\n}\n")
        try RoundTrip.expectReadsBack(text, as: root, name: "ints")
    }

    @Test func emptyCollections() throws {
        let root = map(["d": map([:]), "l": list([]), "t": tuple([]), "n": list([map([:]), list([]), tuple([])])])
        let text = try PythonWriter.write(root)
        #expect(text == "d = {}\nl = []\nt = ()\nn = [{}, [], ()]\n")
        try RoundTrip.expectReadsBack(text, as: root, name: "empty")
    }

    @Test func longListsGoOnePerLine() throws {
        let long = list((0..<40).map { int(Int64($0)) })
        let text = try PythonWriter.write(map(["l": long]))
        #expect(text.hasPrefix("l = [\n    0,\n    1,\n"))
        #expect(text.hasSuffix("    39,\n]\n"))
    }

    @Test func timestampsAreRefusedAtTheirLocation() throws {
        let at = SourceLocation(file: "c.yaml", line: 2, column: 7)
        let root = map(["t": list([ConfigNode(.timestamp("2024-01-02"), location: at)])])
        let error = try #require(throws: ConfigError.self) { try PythonWriter.write(root) }
        #expect(error.kind == .unsupportedValue && error.location == at)
    }

    @Test func outputIsStable() throws {
        let text = try PythonWriter.write(EdgeCases.root)
        #expect(try PythonWriter.write(EdgeCases.root) == text)
        #expect(try PythonWriter.write(try RoundTrip.read(text)) == text)
    }

    @Test func originsAreTrailingComments() throws {
        let a = SourceLocation(file: "a.yaml", line: 1, column: 4)
        let b = SourceLocation(file: "b.yaml", line: 7, column: 3)
        let root = map(["x": ConfigNode(.int(1), location: a), "m": map(["y": ConfigNode(.list([int(1)]), location: b), "z": map(["w": ConfigNode(.string("s"), location: b)])])])
        let text = try PythonWriter.write(root, origins: true)
        #expect(text == """
            x = 1  # a.yaml:1:4
            m = dict(
                y=[1],  # b.yaml:7:3
                z=dict(
                    w='s',  # b.yaml:7:3
                ),
            )

            """)
        try RoundTrip.expectReadsBack(text, as: root, name: "origins")
    }
}

// MARK: Helpers

private func int(_ i: Int64) -> ConfigNode { ConfigNode(.int(i), location: nil) }
private func flt(_ d: Double) -> ConfigNode { ConfigNode(.float(d), location: nil) }
private func str(_ s: String) -> ConfigNode { ConfigNode(.string(s), location: nil) }
private func list(_ items: [ConfigNode]) -> ConfigNode { ConfigNode(.list(items), location: nil) }
private func tuple(_ items: [ConfigNode]) -> ConfigNode { ConfigNode(.tuple(items), location: nil) }
private func map(_ entries: KeyValuePairs<ConfigKey, ConfigNode>) -> ConfigNode {
    var mapping = ConfigMapping()
    for (key, value) in entries { mapping[key] = value }
    return ConfigNode(.mapping(mapping), location: nil)
}

enum EdgeCases {
    static let root: ConfigNode = map([
        "strings": list([
            str(""), str("plain"), str("it's"), str("say \"hi\""), str("both ' and \""), str("back\\slash"),
            str("line\nbreak\r\n"), str("tab\there"), str("ünïcödé ✓ 日本語 😀"), str("\u{0}\u{7}\u{1B}\u{7F}\u{85}\u{A0}\u{AD}"),
            str("\u{2028}\u{2029}\u{200B}\u{FEFF}\u{E000}\u{10FFFF}"), str("#not a comment"), str("{{ fileDirname }}"),
            str("{{$HOME:x}}"), str("{{ _base_.a }}"), str("{{'$X:y'}}"), str("${not.a.ref}"), str("'''"), str("\"\"\""), str("\\"),
            str("\\x41 \\u0041 \\N{DASH}"),
        ]),
        "keys": map([
            .int(1): str("int"), "1": str("str"), "class": int(1), "None": int(2), "256px": int(3), "a-b": int(4), "": int(5),
            .int(-9223372036854775808): int(6), "ünï": int(7), "__dunder": int(8), "it's": int(9),
        ]),
        "ident_keys": map(["größe": int(0), "日本": int(1), "type": str("x"), "_private": int(1), "__dunder__": int(2), "match": int(3), "print": int(4)]),
        "tuples": list([tuple([int(1)]), tuple([]), tuple([tuple([]), tuple([int(1)])]), tuple([list([tuple([str("a"), flt(1.5)])])])]),
        "floats": list([flt(.nan), flt(.infinity), flt(-.infinity), flt(-0.0), flt(0.0), flt(1e-5), flt(1e16), flt(0.1), flt(.leastNonzeroMagnitude), flt(-1.7976931348623157e308)]),
        "one_tuple_nan": tuple([flt(.nan)]),
        "ints": list([int(.min), int(.max), int(0), int(-1), int(10_000)]),
        "scalars": list([ConfigNode(.bool(true), location: nil), ConfigNode(.bool(false), location: nil), ConfigNode(.null, location: nil)]),
        "empty": list([map([:]), list([]), tuple([])]),
        "empty_dict": map([:]),
        "empty_list": list([]),
        "nested": map(["a": map(["b": map(["c": list([map(["d": tuple([int(1), int(2)])])])])])]),
        "long": list((0..<30).map { str("item\($0)") }),
        "print": int(1),
        "match": str("soft keyword"),
        "größe": int(3),
    ])
}

enum RoundTrip {
    /// `Tests/ConfigLangTests/Fixtures/roundtrip`.
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures", isDirectory: true)
        .appendingPathComponent("roundtrip", isDirectory: true)

    static var writing: Bool { ProcessInfo.processInfo.environment["STRATA_WRITE_ROUNDTRIP"] == "1" }

    /// The case's resolved config with the case folder written `<CASE_DIR>` in every string and
    /// key (as in the corpus goldens), so the committed files hold no machine paths; nil when the
    /// case does not resolve.
    static func resolvedRoot(_ spec: DifferentialCorpus.Case) -> ConfigNode? {
        let path = spec.folder.appendingPathComponent(spec.entry).path
        guard let root = try? ConfigLoader(environment: spec.environment).load(path).root else { return nil }
        let spellings = Set([spec.folder.path, spec.folder.standardizedFileURL.path, spec.folder.resolvingSymlinksInPath().path]
            .map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }.filter { !$0.isEmpty })
            .sorted { $0.count > $1.count }
        func normalized(_ s: String) -> String {
            spellings.reduce(s) { $0.replacingOccurrences(of: $1, with: "<CASE_DIR>") }
        }
        func walk(_ node: ConfigNode) -> ConfigNode {
            var node = node
            switch node.value {
            case .string(let s): node.value = .string(normalized(s))
            case .list(let items): node.value = .list(items.map(walk))
            case .tuple(let items): node.value = .tuple(items.map(walk))
            case .mapping(let entries):
                var mapping = ConfigMapping()
                for (key, child) in entries {
                    mapping[key.stringValue.map { .string(normalized($0)) } ?? key] = walk(child)
                }
                node.value = .mapping(mapping)
            default: break
            }
            return node
        }
        return walk(root)
    }

    static func read(_ text: String) throws -> ConfigNode {
        try PythonConfigFile.parse(SourceText(file: "dump.py", text: text)).evaluate(base: nil)
    }

    static func expectReadsBack(_ text: String, as root: ConfigNode, name: String) throws {
        let back = try read(text)
        let expected = canonicalJSON(root.value)
        let actual = canonicalJSON(back.value)
        #expect(canonicalEqual(actual, expected), "\(name): the written Python reads back differently\n\(text)\nread: \(canonicalText(actual))\nwrote: \(canonicalText(expected))")
    }

    /// With STRATA_WRITE_ROUNDTRIP=1 writes the file; otherwise checks the committed file, when
    /// present, is what the writer writes today.
    static func check(_ name: String, file: String, text: String) throws {
        let url = directory.appendingPathComponent(file)
        if writing {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
            return
        }
        guard let committed = FileManager.default.contents(atPath: url.path) else {
            Issue.record("\(name): Fixtures/roundtrip/\(file) is missing (STRATA_WRITE_ROUNDTRIP=1 swift test --filter PythonWriter)")
            return
        }
        #expect(String(decoding: committed, as: UTF8.self) == text, "\(name): Fixtures/roundtrip/\(file) is out of date (STRATA_WRITE_ROUNDTRIP=1 swift test --filter PythonWriter)")
    }
}
