import Testing
@testable import ConfigLang

/// What the differential fixtures cannot show: provenance through the new constructs, the bounds
/// on work, and deliberate refusals.
@Suite struct PythonConstructTests {
    func computedNames(_ node: ConfigNode?) -> [String]? {
        guard let event = node?.history.last(where: { if case .computed = $0.action { return true } else { return false } }),
              case .computed(let names) = event.action else { return nil }
        return names
    }

    @Test func comprehensionsFStringsAndMethodsRecordWhatTheyWereComputedFrom() throws {
        let config = try pyEval("""
        n = 4
        size = 256
        frames = [i * n for i in range(n)]
        name = f"{size}px"
        upper = name.upper()
        sched = [dict(lr=size * f) for f in (1, 0.1)]
        """)
        #expect(computedNames(config["frames"]) == ["n"])
        #expect(computedNames(config["frames"]?.value.sequenceItems?[1]) == ["n"])
        #expect(computedNames(config["name"]) == ["size"])
        #expect(computedNames(config["upper"]) == ["name"])
        #expect(computedNames(config["sched"]?.value.sequenceItems?[0]["lr"]) == ["size"])
    }

    @Test func overridingANameWarnsAboutValuesAComprehensionComputedFromIt() throws {
        let files = try TemporaryConfigs(["c.py": "lr = 1e-3\nsched = [dict(lr=lr * f) for f in (1, 0.1)]\n"])
        let overrides = try OverrideParser.parse(["--lr", "2e-3"], firstArgumentIndex: 3)
        let config = try ConfigLoader(environment: [:]).load(files.path("c.py"), overrides: overrides)
        #expect(config.warnings.contains { $0.contains("'sched.0.lr' was computed from 'lr'") }, "\(config.warnings)")
    }

    @Test func workIsBounded() {
        #expect(pyError("x = [j for i in range(3) for j in range(1000000)]")?.kind == .unsupportedValue)
        #expect(pyError("x = list(range(10 ** 12))")?.kind == .unsupportedValue)
        #expect(pyError("x = f'{1:>1000000000}'")?.kind == .unsupportedValue)
        #expect(pyError("x = 'ab' * 10 ** 8")?.kind == .unsupportedValue)
        #expect(pyError("x = ['a' * 1000000] * 1000\ny = ''.join(x)")?.kind == .unsupportedValue)
        #expect(pyError("x = 'a' * 1000000\ny = x.replace('a', 'bbbbbbbbbbbb')")?.kind == .unsupportedValue)
        let nested = "x = " + String(repeating: "[", count: 250) + "i for i in range(2)" + String(repeating: "]", count: 250)
        #expect(pyError(nested) != nil)
    }

    @Test func valuesThatAreNotDataAreRefused() {
        #expect(pyError("x = range(3)")?.kind == .unsupportedValue)
        #expect(pyError("x = dict(f=len)")?.kind == .unsupportedValue)
        #expect(pyError("from math import sqrt")?.kind == .unsupportedValue)
        #expect(pyError("x = zip([1], [2])")?.kind == .unsupportedValue)
    }

    @Test func allowedImportsAreDroppedFromTheConfigAndConstantsKept() throws {
        let config = try pyEval("""
        import os.path as osp
        import math
        from copy import deepcopy
        from math import pi
        root = osp.join('data', 'coco/', 'ann.json')
        parts = osp.splitext(osp.basename(root)), osp.dirname(root), osp.normpath('a/./b/../c')
        steps = math.ceil(10 / 3), math.floor(-1.5), math.sqrt(16), math.log(math.e), math.log2(8)
        copy_of = deepcopy(dict(a=[1]))
        """)
        #expect(config.value.mapping?.keys.map(\.description) == ["pi", "root", "parts", "steps", "copy_of"])
        #expect(config["root"]?.value == .string("data/coco/ann.json"))
        #expect(PythonRepr.render(config["parts"]!.value) == "(('ann', '.json'), 'data/coco', 'a/c')")
        #expect(PythonRepr.render(config["steps"]!.value) == "(4, -2, 4.0, 1.0, 3.0)")
    }

    @Test func inPlaceChangesOfTheBaseAreMadeBeforeTheMerge() throws {
        let base = try pyEval("model = dict(backbone=dict(depth=50), neck=[1])\npipeline = [dict(type='A')]\n")
        let config = try PythonConfigFile.parse(SourceText(file: "c.py", text: """
        _base_.model.backbone.depth = 101
        m = _base_.model
        m.neck.append(2)
        p = _base_.pipeline
        p[0]['scale'] = 3
        """)).evaluateChangingBase(base: base)
        #expect(PythonRepr.render(config.base!["model"]!.value) == "{'backbone': {'depth': 101}, 'neck': [1, 2]}")
        #expect(PythonRepr.render(config.base!["pipeline"]!.value) == "[{'type': 'A', 'scale': 3}]")
        #expect(PythonRepr.render(config.own["m"]!.value) == "{'backbone': {'depth': 101}, 'neck': [1, 2]}")
    }
}
