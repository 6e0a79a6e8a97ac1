import Testing
@testable import ConfigLang

func pyEval(_ text: String, base: ConfigNode? = nil) throws -> ConfigNode {
    try PythonConfigFile.parse(SourceText(file: "c.py", text: text)).evaluate(base: base)
}

func pyError(_ text: String, base: ConfigNode? = nil) -> ConfigError? {
    do {
        _ = try pyEval(text, base: base)
        return nil
    } catch let error as ConfigError {
        return error
    } catch {
        return nil
    }
}

extension ConfigNode {
    subscript(_ key: ConfigKey) -> ConfigNode? { value.mapping?[key] }
}

@Suite struct PythonUnsupportedConstructTests {
    /// Each line: source, the construct named in the message, line and column of the report.
    static let cases: [(String, String, Int, Int)] = [
        ("x = lambda y: y", "'lambda'", 1, 5),
        ("x = b\"a\"", "bytes literal", 1, 5),
        ("x = print(1)", "builtin 'print'", 1, 5),
        ("x = open('f')", "builtin 'open'", 1, 5),
        ("x = eval('1')", "builtin 'eval'", 1, 5),
        ("x = getattr(1, 'real')", "builtin 'getattr'", 1, 5),
        ("import torch", "import of 'torch'", 1, 1),
        ("import subprocess", "import of 'subprocess'", 1, 1),
        ("from os import getcwd", "'os.getcwd'", 1, 16),
        ("import os\nx = os.environ", "'os.environ'", 2, 5),
        ("import os.path as osp\nx = osp.exists('a')", "'os.path.exists'", 2, 5),
        ("def f():\n    pass", "'def'", 1, 1),
        ("class A:\n    pass", "'class'", 1, 1),
        ("if True:\n    x = 1", "'if'", 1, 1),
        ("for i in x:\n    pass", "'for' statement", 1, 1),
        ("while x:\n    pass", "'while'", 1, 1),
        ("with x:\n    pass", "'with' (only `with read_base():` is read)", 1, 1),
        ("try:\n    x = 1\nexcept:\n    pass", "'try'", 1, 1),
        ("x = {1, 2}", "set", 1, 5),
        ("x = {i for i in range(3)}", "set comprehension", 1, 5),
        ("x = 1 | 2", "bitwise operator '|'", 1, 7),
        ("x = ~1", "bitwise operator '~'", 1, 5),
        ("x = ...", "Ellipsis", 1, 5),
        ("x = 1j", "complex number", 1, 5),
        ("x = 1; y = 2", "';' between statements", 1, 6),
        ("x = (y := 1)", "assignment expression", 1, 8),
        ("x = \"\\N{DASH}\"", "'\\N{...}' escape", 1, 6),
        ("x = 1\n@dec\ndef f(): pass", "decorator", 2, 1),
        ("x = '%s' % 1", "'%' string formatting", 1, 5),
        ("x = [1][0, 1]", "subscript with several indices", 1, 10),
        ("x = f'{1=}'", "self-documenting f-string field", 1, 9),
        ("x = min([1], key=len)", "min() with 'key='", 1, 14),
        ("x = round(1.5, -1)", "round() of a float to negative digits", 1, 5),
        ("x = dict(a=1)\ny = x.a", "attribute access '.a' on a dict", 2, 5),
        ("x = dict(a=1)\nx.a = 2", "attribute access on a dict", 2, 1),
        ("a = [1]\nb = dict(l=a)\na.append(2)", "in-place change of 'a'", 3, 1),
        ("a = [1]\nb = a\nb.append(2)", "in-place change of 'b'", 3, 1),
        ("a = dict(k=[1])\nb = [a['k']]\na['k'].append(2)", "in-place change of 'a'", 3, 1),
        ("a = b = []\na.append(1)", "in-place change of 'a'", 2, 1),
        ("x = 1 is 1", "'is' between values other than None", 1, 5),
        ("x = [1].index(1)", "method 'index' of a list", 1, 5),
    ]

    @Test(arguments: 0..<cases.count)
    func unsupportedConstructIsNamedAtItsLocation(_ index: Int) {
        let (source, construct, line, column) = Self.cases[index]
        let error = pyError(source)
        #expect(error?.kind == .unsupportedConstruct, "\(source): \(String(describing: error))")
        #expect(error?.message.hasPrefix("unsupported construct \(construct)") == true, "\(source): \(error?.message ?? "no error")")
        #expect(error?.message.hasSuffix(PythonSyntax.unsupportedSuffix) == true)
        #expect(error?.location?.line == line && error?.location?.column == column,
                "\(source): at \(String(describing: error?.location))")
    }

    @Test func lambdaMessageIsExactlyAsDocumented() {
        #expect(pyError("x = lambda: 1")?.message
                == "unsupported construct 'lambda' (strata reads Python configs as data, without running code; see docs/config-language.md)")
    }
}

@Suite struct PythonErrorTests {
    @Test func unknownNameIsAPythonEvalErrorAtTheUse() {
        let error = pyError("a = 1\nb = (a,\n     zz)")
        #expect(error?.kind == .pythonEval)
        #expect(error?.message == "name 'zz' is not defined")
        #expect(error?.location == SourceLocation(file: "c.py", line: 3, column: 6))
    }

    @Test func unknownNameThatIsABaseKeyGetsAHint() {
        let base = ConfigNode(.mapping(["x": ConfigNode(.int(1), location: nil)]), location: nil)
        #expect(pyError("y = x", base: base)?.message
                == "name 'x' is not defined (keys of the base are not names here; write _base_.x)")
    }

    @Test func badOperandTypesNameTheTypes() {
        #expect(pyError("x = \"a\" - 1")?.message == "unsupported operand type(s) for -: 'str' and 'int'")
        #expect(pyError("x = {} + {}")?.message == "unsupported operand type(s) for +: 'dict' and 'dict'")
        #expect(pyError("x = [1] + (2,)")?.message == "can only concatenate list (not \"tuple\") to list")
        #expect(pyError("x = -\"a\"")?.message == "bad operand type for unary -: 'str'")
        #expect(pyError("x = [1] * 2.0")?.message == "can't multiply sequence by non-int of type 'float'")
    }

    @Test func integerOverflowIsAnUnsupportedValueAtTheExpression() {
        let error = pyError("x = 1\ny = 3 * 2 ** 64")
        #expect(error?.kind == .unsupportedValue)
        #expect(error?.message.contains("does not fit in 64 bits") == true)
        #expect(error?.location == SourceLocation(file: "c.py", line: 2, column: 9))
        #expect(pyError("x = -9223372036854775808 - 1")?.kind == .unsupportedValue)
        #expect(pyError("x = -(-9223372036854775808)")?.kind == .unsupportedValue)
        #expect(pyError("x = -9223372036854775808 // -1")?.kind == .unsupportedValue)
        #expect(pyError("x = 123456789012345678901234567890")?.message
                == "integer 123456789012345678901234567890 does not fit in 64 bits (strata keeps integers in 64 bits)")
    }

    @Test func arithmeticErrorsArePythonEvalErrors() {
        #expect(pyError("x = 10.0 ** 400")?.kind == .pythonEval)
        #expect(pyError("x = 1 / 0")?.message == "division by zero")
        #expect(pyError("x = 1 // 0")?.message == "integer division or modulo by zero")
        #expect(pyError("x = (-8.0) ** 0.5")?.kind == .unsupportedValue)
        #expect(pyError("x = [0] * 10 ** 9")?.kind == .unsupportedValue)
    }

    @Test func syntaxErrorsPointAtTheExactSpot() {
        func check(_ source: String, _ line: Int, _ column: Int, _ fragment: String) {
            let error = pyError(source)
            #expect(error?.kind == .pythonEval, "\(source)")
            #expect(error?.message.hasPrefix("invalid syntax: ") == true, "\(source): \(error?.message ?? "none")")
            #expect(error?.message.contains(fragment) == true, "\(source): \(error?.message ?? "none")")
            #expect(error?.location?.line == line && error?.location?.column == column,
                    "\(source): at \(String(describing: error?.location))")
        }
        check("x = [1,,2]", 1, 8, "expected an expression, found ','")
        check("x = (1, 2\ny = 3", 1, 5, "'(' was never closed")
        check("x = 1)", 1, 6, "unmatched ')'")
        check("x = [1)", 1, 7, "does not match")
        check("x = 1\n  y = 2", 2, 3, "unexpected indent")
        check("x = 'abc\ny = 1", 1, 5, "unterminated string literal")
        check("x = \"\"\"abc", 1, 5, "unterminated triple-quoted")
        check("x = 1 2", 1, 7, "expected end of line")
        check("x = 012", 1, 5, "leading zeros")
        check("x = 1__0", 1, 7, "invalid decimal literal")
        check("x = 1 $", 1, 7, "invalid character")
        check("x = \"\\x4\"", 1, 6, "truncated")
        check("x = 1 \\ 2", 1, 7, "after line continuation")
        check("1 = x", 1, 1, "cannot assign")
        check("x = dict(a=1, a=2)", 1, 15, "keyword argument repeated: a")
        check("é = 1\nx = 1 ?", 2, 7, "invalid character")
    }

    @Test func columnsCountUnicodeScalars() {
        let error = pyError("x = \"ünï😀\" + 1")
        #expect(error?.location?.column == 5)
        let later = pyError("x = (\"😀😀\", y)")
        #expect(later?.location?.column == 12)
    }
}

@Suite struct PythonLocationTests {
    @Test func nodesAndKeysCarryTheirLocations() throws {
        let config = try pyEval("# c\nlr = 5e-5\noptim = dict(\n    cls=\"Adam\",\n    betas=(0.9, 0.99),\n)\nb = {1: [2, -3]}\n")
        let lr = try #require(config["lr"])
        #expect(lr.location == SourceLocation(file: "c.py", line: 2, column: 6))
        #expect(lr.keyLocation == SourceLocation(file: "c.py", line: 2, column: 1))
        let optim = try #require(config["optim"])
        #expect(optim.location?.line == 3 && optim.location?.column == 9)
        let cls = try #require(optim["cls"])
        #expect(cls.keyLocation == SourceLocation(file: "c.py", line: 4, column: 5))
        #expect(cls.location == SourceLocation(file: "c.py", line: 4, column: 9))
        let betas = try #require(optim["betas"])
        #expect(betas.location?.column == 11)
        #expect(betas.value.sequenceItems?[1].location?.column == 17)
        let b = try #require(config["b"])
        let entry = try #require(b[.int(1)])
        #expect(entry.keyLocation?.column == 6)
        #expect(entry.location?.column == 9)
        #expect(entry.value.sequenceItems?[1].location?.column == 13)
        #expect(cls.history == [ProvenanceEvent(.set, at: .file(cls.location!))])
    }

    @Test func locationsGoThroughTheSourceMap() throws {
        let original = "x = {{ fileBasename }}\ny = 2\n"
        let source = SourceText(file: "c.py", text: original)
            .replacing([.init(range: original.range(of: "{{ fileBasename }}")!, with: "\"c.py\"")])
        let config = try PythonConfigFile.parse(source).evaluate(base: nil)
        #expect(config["x"]?.value == .string("c.py"))
        #expect(config["x"]?.location?.column == 5)
    }

    @Test func rebindingKeepsThePositionAndTheLastValue() throws {
        let config = try pyEval("a = 1\nb = 2\na = 3\n__c = 4\n_d = __c\n")
        #expect(config.value.mapping?.keys.map(\.description) == ["a", "b", "_d"])
        #expect(config["a"]?.value == .int(3))
        #expect(config["a"]?.keyLocation?.line == 3)
        #expect(config["_d"]?.value == .int(4))
    }

    @Test func crlfLineEndingsCountAsOneLineBreak() throws {
        let config = try pyEval("a = 1\r\nb = [\r\n  2]\r\n")
        #expect(config["b"]?.value.sequenceItems?.first?.location == SourceLocation(file: "c.py", line: 3, column: 3))
    }

    @Test func docstringsAndBlankLinesAreIgnored() throws {
        let config = try pyEval("\"\"\"Doc.\"\"\"\n\n   \n# x\n'another'\nx = 1\n")
        #expect(config.value.mapping?.count == 1)
    }
}

@Suite struct PythonProvenanceTests {
    @Test func aNameUseRecordsComputedFromTheName() throws {
        let config = try pyEval("lr = 5e-5\noptim = dict(lr=lr)\n")
        let lr = try #require(config["optim"]?["lr"])
        #expect(lr.value == .float(5e-5))
        #expect(lr.location == SourceLocation(file: "c.py", line: 1, column: 6))
        #expect(lr.keyLocation == SourceLocation(file: "c.py", line: 2, column: 14))
        #expect(lr.history == [
            ProvenanceEvent(.set, at: .file(SourceLocation(file: "c.py", line: 1, column: 6))),
            ProvenanceEvent(.computed(from: ["lr"]), at: .file(SourceLocation(file: "c.py", line: 2, column: 17))),
        ])
    }

    @Test func anOperatorOverNamesRecordsTheNames() throws {
        let config = try pyEval("a = 2\nb = 3\nx = a * 2 + b\ny = 2 * 3\n")
        let x = try #require(config["x"])
        #expect(x.value == .int(7))
        #expect(x.history == [ProvenanceEvent(.computed(from: ["a", "b"]), at: .file(SourceLocation(file: "c.py", line: 3, column: 5)))])
        #expect(config["y"]?.history == [ProvenanceEvent(.set, at: .file(SourceLocation(file: "c.py", line: 4, column: 5)))])
    }

    @Test func aBaseReferenceRecordsThePath() throws {
        let inner = ConfigNode(.mapping(["b": ConfigNode(.int(5), location: SourceLocation(file: "base.py", line: 1, column: 9))]), location: nil)
        let base = ConfigNode(.mapping(["a": inner, "l": ConfigNode(.list([ConfigNode(.int(7), location: nil)]), location: nil)]), location: nil)
        let config = try pyEval("x = _base_.a.b\ny = _base_[\"a\"][\"b\"] * 2\nz = _base_.l[-1]\n", base: base)
        let x = try #require(config["x"])
        #expect(x.value == .int(5))
        #expect(x.history.last == ProvenanceEvent(.reference("_base_.a.b"), at: .file(SourceLocation(file: "c.py", line: 1, column: 5))))
        #expect(config["y"]?.value == .int(10))
        #expect(config["y"]?.history == [ProvenanceEvent(.computed(from: ["_base_.a.b"]), at: .file(SourceLocation(file: "c.py", line: 2, column: 5)))])
        #expect(config["z"]?.value == .int(7))
        #expect(config["z"]?.history.last?.action == .reference("_base_.l[-1]"))
    }
}

@Suite struct PythonBaseTests {
    static let base = ConfigNode(.mapping([
        "model": ConfigNode(.mapping(["depth": ConfigNode(.int(12), location: nil)]), location: nil),
        "buckets": ConfigNode(.mapping([.int(1): ConfigNode(.string("one"), location: nil)]), location: nil),
        "l": ConfigNode(.list([ConfigNode(.int(1), location: nil)]), location: nil),
    ]), location: nil)

    @Test func baseDeclarationIsEvaluatedWithoutNames() throws {
        let file = try PythonConfigFile.parse(SourceText(file: "c.py", text: "x = 1\n_base_ = [\"a.py\", \"b.py\"]\n_base_ = \"ignored.py\"\n"))
        let declaration = try #require(try file.baseDeclaration())
        #expect(declaration.value == .list([ConfigNode(.string("a.py"), location: nil), ConfigNode(.string("b.py"), location: nil)]))
        #expect(declaration.location?.line == 2)
        let withName = try PythonConfigFile.parse(SourceText(file: "c.py", text: "p = \"a.py\"\n_base_ = p\n"))
        #expect(throws: ConfigError.self) { try withName.baseDeclaration() }
        #expect(try PythonConfigFile.parse(SourceText(file: "c.py", text: "x = 1\n")).baseDeclaration() == nil)
    }

    @Test func evaluationSkipsBaseStatementsAndReadsTheBase() throws {
        let config = try pyEval("_base_ = [\"a.py\"]\nd = _base_.model.depth * 2\nb = _base_.buckets[1]\nw = _base_\n", base: Self.base)
        #expect(config.value.mapping?.keys.map(\.description) == ["d", "b", "w"])
        #expect(config["d"]?.value == .int(24))
        #expect(config["b"]?.value == .string("one"))
        #expect(config["w"]?.value.isMapping == true)
    }

    @Test func baseErrors() {
        #expect(pyError("x = _base_.nope", base: Self.base)?.kind == .baseRefMissing)
        #expect(pyError("x = _base_.model.nope", base: Self.base)?.location?.column == 17)
        #expect(pyError("x = _base_[\"nope\"]", base: Self.base)?.kind == .baseRefMissing)
        #expect(pyError("x = _base_.l.x", base: Self.base)?.kind == .baseRefInvalid)
        #expect(pyError("x = _base_.l[5]", base: Self.base)?.kind == .baseRefMissing)
        #expect(pyError("x = _base_.model.depth.x", base: Self.base)?.kind == .baseRefInvalid)
        #expect(pyError("x = _base_.l.0", base: Self.base)?.kind == .pythonEval)
        #expect(pyError("x = _base_.a")?.message == "name '_base_' is not defined (this file has no _base_)")
        #expect(pyError("x = model", base: Self.base)?.message.contains("write _base_.model") == true)
    }
}
