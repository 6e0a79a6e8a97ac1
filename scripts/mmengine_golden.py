#!/usr/bin/env python3
"""Regenerate (or check) the expected.json of every differential-corpus case from mmengine.

    python3 scripts/mmengine_golden.py            # rewrite every expected.json
    python3 scripts/mmengine_golden.py --check    # exit 1 if any expected.json would change
    python3 scripts/mmengine_golden.py 012-foo    # only the named cases (prefix match)

Each case folder under Tests/ConfigLangTests/Fixtures/cases holds config files, a case.json
(`entry`, `env`, `tags`, `differs`) and expected.json: mmengine 0.10.7's result of
`Config.fromfile(entry).to_dict()` in the canonical encoding the whole project uses.

Each case runs in its own child process (forked from this script after mmengine is imported,
so a RecursionError, a crash or a hang cannot take the script down), with cwd = the case folder, the entry path relative, and an environment in
which every variable a case names in `{{$X:...}}` is unset unless case.json sets it.
The absolute case folder is replaced by `<CASE_DIR>` in every string of the result.

With `--roundtrip` it instead checks `strata dump --format py`: every file
Tests/ConfigLangTests/Fixtures/roundtrip/<case>.py (written by PythonWriter for each corpus case that
resolves, with `STRATA_WRITE_ROUNDTRIP=1 swift test --filter PythonWriter`) must load in mmengine to
the case's strata result (`differs.strata`, else expected.json); `edge-cases.py` to `edge-cases.json`.
`<case>.skip` records why a case has no Python form (a timestamp). Strings that held the absolute
case folder were written with `<CASE_DIR>` in its place, so they compare with the goldens as they are.

Not run by CI (it needs mmengine); the Swift test reads the committed files.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import re
import signal
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "Tests" / "ConfigLangTests" / "Fixtures" / "cases"
ROUNDTRIP = ROOT / "Tests" / "ConfigLangTests" / "Fixtures" / "roundtrip"
CASE_NAME = re.compile(r"^\d{3}-[a-z0-9][a-z0-9-]*$")
# mmengine's environment-variable pattern, enough to find the names (also `{{'$X:d'}}`).
ENV_REF = re.compile(r"\{\{['\"]?\s*\$(\w+)")
TIMEOUT = 60
# Differences in behaviour that the error categories do not show: mmengine's RecursionError is
# already classified as `base-cycle`, strata detects the cycle up front and names the chain.
SAME_CATEGORY_TAGS = {"base-cycle-detected"}
PLACEHOLDER = re.compile(r'"_([\w.]+)_[0-9a-f]{6}"')

# ---------------------------------------------------------------------------------------------
# One case: runs inside the forked child, with cwd = the case folder and the case environment.

def _frames(exc):
    """(function name, file name) of every frame of the exception's traceback, outermost first."""
    out = []
    tb = exc.__traceback__
    while tb is not None:
        out.append((tb.tb_frame.f_code.co_name, tb.tb_frame.f_code.co_filename))
        tb = tb.tb_next
    return out


def classify(exc, case_dir: str) -> str:
    """The error category (mmengine.md section 11) from the exception class, its message and the
    mmengine function or config file it came from."""
    import json as _json

    import yaml

    msg = str(exc)
    frames = _frames(exc)
    funcs = [f for f, _ in frames]
    # A frame of a config file itself: the Python config was executing (new-style configs run
    # under the path as given, relative to the case folder).
    in_config = any(
        os.path.abspath(fn).startswith(case_dir + os.sep) and f == "<module>" for f, fn in frames
    )

    if isinstance(exc, RecursionError):
        return "base-cycle"
    if isinstance(exc, FileNotFoundError):
        return "missing-file"
    if isinstance(exc, yaml.YAMLError):
        return "yaml-syntax"
    if isinstance(exc, _json.JSONDecodeError):
        return "json-syntax"
    if isinstance(exc, OSError) and "Only py/yml/yaml/json" in msg:
        return "unsupported-format"
    if in_config:
        return "python-eval"
    if "_substitute_base_vars" in funcs:
        if isinstance(exc, KeyError):
            return "base-ref-missing"
        if isinstance(exc, TypeError):
            return "base-ref-invalid"
    if isinstance(exc, KeyError):
        if "Duplicate key is not allowed among bases" in msg:
            return "duplicate-base-key"
        if "cannot be found in `os.environ`" in msg:
            return "env-missing"
        if "is reserved for config file" in msg:
            return "reserved-key"
    if isinstance(exc, TypeError):
        if "cannot inherit from base" in msg:
            return "merge-type-conflict"
        if "_get_cfg_path" in funcs:
            return "invalid-base-spec"
    if isinstance(exc, AttributeError):
        if "has no attribute 'startswith'" in msg:
            return "non-str-top-level-key"
        if "has no attribute 'get'" in msg and "_get_base_files" in funcs:
            return "not-a-mapping"
        if "has no attribute 'items'" in msg:
            return "not-a-mapping"
    if isinstance(exc, (SyntaxError, NameError)):
        return "python-eval"
    if isinstance(exc, ValueError) and ("_file2dict" in funcs or "_get_base_files" in funcs):
        # e.g. compile() of a module whose `_base_ =` removal left an empty block
        return "python-eval"
    return f"unclassified:{type(exc).__name__}: {msg[:200]}"


def canonical(value, case_dir_names):
    import datetime

    def s(text: str) -> str:
        for d in case_dir_names:
            text = text.replace(d, "<CASE_DIR>")
        # A `{{_base_.x}}` embedded in a longer string is left as mmengine's random placeholder
        # `"_x_1a2b3c"` (with the quotes); keep the output deterministic.
        return PLACEHOLDER.sub(r'"_\1_<RANDOM>"', text)

    def key(k):
        if isinstance(k, str):
            return s(k)
        if isinstance(k, int) and not isinstance(k, bool):
            return {"int": str(k)}
        return {"key": s(repr(k))}

    def enc(v):
        if v is None:
            return None
        if isinstance(v, bool):
            return v
        if isinstance(v, int):
            return {"int": str(v)}
        if isinstance(v, float):
            return {"float": repr(v)}
        if isinstance(v, str):
            return s(v)
        if isinstance(v, tuple):
            return {"tuple": [enc(x) for x in v]}
        if isinstance(v, list):
            return {"list": [enc(x) for x in v]}
        if isinstance(v, dict):
            return {"dict": [[key(k), enc(x)] for k, x in v.items()]}
        if isinstance(v, (datetime.date, datetime.datetime)):
            return {"timestamp": v.isoformat()}
        raise TypeError(f"no canonical encoding for {type(v).__name__}: {v!r}")

    return enc(value)


def load_one(entry: str):
    """mmengine's result for one entry file, relative to the current directory (the case)."""
    import logging
    import warnings

    warnings.simplefilter("ignore")
    logging.disable(logging.CRITICAL)
    case_dir = os.getcwd()
    names = sorted({case_dir, os.path.realpath(case_dir), os.environ.get("PWD", case_dir)},
                   key=len, reverse=True)
    try:
        from mmengine import Config

        cfg = Config.fromfile(entry)
        return canonical(cfg.to_dict(), names)
    except Exception as exc:  # RecursionError included
        return {"error": classify(exc, case_dir)}


# ---------------------------------------------------------------------------------------------
# The driver.


def env_names(case: Path) -> set[str]:
    names = set()
    for f in case.rglob("*"):
        if f.is_file() and f.name not in ("case.json", "expected.json"):
            names.update(ENV_REF.findall(f.read_text(encoding="utf-8", errors="replace")))
    return names


def case_env(case: Path, spec: dict, base: dict) -> dict:
    env = dict(base)
    for name in env_names(case):
        env.pop(name, None)
    env.update(spec.get("env") or {})
    env["PWD"] = str(case)
    return env


def run_cases(specs: dict, jobs: int) -> dict:
    """Runs every case in its own forked child of this process (mmengine is imported once, before
    the forks), at most `jobs` at a time. A child that crashes or hangs costs only its case."""
    base_env = dict(os.environ)
    loads = {case: (case, spec["entry"], case_env(case, spec, base_env)) for case, spec in specs.items()}
    return run_loads(loads, jobs)


def run_loads(loads: dict, jobs: int) -> dict:
    """`load_one` for each key's (folder, entry, environment), each in a forked child."""
    import tempfile

    import mmengine.config  # noqa: F401  (imported once, inherited by every child)

    results = {}
    pending = list(loads)
    running = {}  # pid -> (key, result file)
    with tempfile.TemporaryDirectory() as tmp:
        while pending or running:
            while pending and len(running) < jobs:
                case = pending.pop(0)
                out = os.path.join(tmp, f"{len(pending)}-{len(running)}.json")
                pid = os.fork()
                if pid == 0:  # the child: one load, then exit without cleanup
                    code = 0
                    try:
                        signal.alarm(TIMEOUT)
                        folder, entry, env = loads[case]
                        os.chdir(folder)
                        os.environ.clear()
                        os.environ.update(env)
                        result = load_one(entry)
                        with open(out, "w", encoding="utf-8") as f:
                            json.dump(result, f, ensure_ascii=False)
                    except BaseException:  # noqa: BLE001
                        code = 3
                    os._exit(code)
                running[pid] = (case, out)
            pid, status = os.waitpid(-1, 0)
            if pid not in running:
                continue
            case, out = running.pop(pid)
            try:
                with open(out, encoding="utf-8") as f:
                    results[case] = json.load(f)
            except (OSError, ValueError):
                results[case] = {"error": f"golden-crash (wait status {status})"}
    return results


def strip_delete(v):
    """mmengine's result minus every `_delete_` key (what strata gives where mmengine leaks)."""
    if isinstance(v, dict):
        if "dict" in v:
            return {"dict": [[k, strip_delete(x)] for k, x in v["dict"] if k != "_delete_"]}
        for kind in ("list", "tuple"):
            if kind in v:
                return {kind: [strip_delete(x) for x in v[kind]]}
    return v


def validate(name: str, spec: dict, expected) -> list[str]:
    problems = []
    for field in ("entry", "env", "tags", "differs"):
        if field not in spec:
            problems.append(f"{name}: case.json lacks `{field}`")
    if not isinstance(spec.get("tags"), list) or not spec.get("tags"):
        problems.append(f"{name}: `tags` must be a non-empty list")
    if not isinstance(spec.get("env", {}), dict):
        problems.append(f"{name}: `env` must be an object")
    d = spec.get("differs")
    if d is not None:
        if not isinstance(d, dict) or not isinstance(d.get("tag"), str) or not d["tag"]:
            problems.append(f"{name}: `differs` needs a `tag`")
        elif "strata" not in d:
            problems.append(f"{name}: `differs` needs a `strata` value")
        elif not d.get("why"):
            problems.append(f"{name}: `differs` needs a `why`")
        elif d["tag"] == "delete-never-leaks" and expected is not None:
            if d["strata"] != strip_delete(expected):
                problems.append(f"{name}: differs.strata is not mmengine's result minus `_delete_`")
            if d["strata"] == expected:
                problems.append(f"{name}: tagged delete-never-leaks but mmengine leaks nothing")
        elif d["strata"] == expected and d["tag"] not in SAME_CATEGORY_TAGS:
            problems.append(f"{name}: differs.strata equals mmengine's result")
    if isinstance(expected, dict) and str(expected.get("error", "")).startswith(
            ("unclassified", "golden-")):
        problems.append(f"{name}: {expected['error']}")
    return problems


def dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=1) + "\n"


def strata_result(case: Path):
    """The result strata must give for a case: `differs.strata`, else mmengine's expected.json."""
    spec = json.loads((case / "case.json").read_text(encoding="utf-8"))
    if spec.get("differs"):
        return spec["differs"]["strata"]
    return json.loads((case / "expected.json").read_text(encoding="utf-8"))


def roundtrip(prefixes: list[str]) -> int:
    """Loads every committed Fixtures/roundtrip/*.py with mmengine and compares it with strata's
    result for the case; fails on any difference, on a resolving case without a file, and on a
    file without a case."""
    problems: list[str] = []
    expected = {}
    folders = sorted(p for p in CASES.iterdir() if p.is_dir())
    skipped = {}
    for case in folders:
        if prefixes and not case.name.startswith(tuple(prefixes)):
            continue
        want = strata_result(case)
        py, skip = ROUNDTRIP / (case.name + ".py"), ROUNDTRIP / (case.name + ".skip")
        if isinstance(want, dict) and "error" in want:
            if py.exists() or skip.exists():
                problems.append(f"{case.name}: the case is an error, but it has a round-trip file")
            continue
        if py.exists():
            expected[py] = want
        elif skip.exists():
            skipped[case.name] = skip.read_text(encoding="utf-8").strip()
        else:
            problems.append(f"{case.name}: resolves but has no roundtrip/{case.name}.py or .skip")
    names = {p.name for p in folders}
    for f in sorted(ROUNDTRIP.iterdir()):
        if f.suffix in (".py", ".skip") and f.stem not in names:
            if f.suffix == ".py" and (f.with_suffix(".json")).exists():
                if not prefixes or f.stem.startswith(tuple(prefixes)):
                    expected[f] = json.loads(f.with_suffix(".json").read_text(encoding="utf-8"))
            else:
                problems.append(f"roundtrip/{f.name}: no such case")

    env = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR")}
    loads = {f: (ROUNDTRIP, f.name, env) for f in expected}
    results = run_loads(loads, jobs=max(2, os.cpu_count() or 2))
    same = 0
    for f, want in sorted(expected.items()):
        got = results[f]
        if got == want:
            same += 1
        else:
            problems.append(f"roundtrip/{f.name}: mmengine loads\n  {json.dumps(got, ensure_ascii=False)}\n"
                            f"strata's result is\n  {json.dumps(want, ensure_ascii=False)}")
    for p in problems:
        print("problem:", p)
    for name, why in sorted(skipped.items()):
        print(f"{name}: skipped: {why}")
    print(f"{len(expected)} round-trip files, {same} load in mmengine to strata's result, "
          f"{len(expected) - same} differ, {len(skipped)} skipped")
    return 1 if problems else 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true",
                    help="do not write; exit 1 if any expected.json differs")
    ap.add_argument("cases", nargs="*", help="only cases whose folder name starts with one of these")
    ap.add_argument("--roundtrip", action="store_true",
                    help="check that Fixtures/roundtrip/*.py (strata dump --format py) load in "
                         "mmengine to strata's result of each case")
    args = ap.parse_args()
    try:
        import mmengine  # noqa: F401
    except ImportError:
        print("mmengine is not installed (pip install mmengine==0.10.7)", file=sys.stderr)
        return 2
    if args.roundtrip:
        return roundtrip(args.cases)

    folders = sorted(p for p in CASES.iterdir() if p.is_dir())
    if args.cases:
        folders = [p for p in folders if p.name.startswith(tuple(args.cases))]
    problems: list[str] = []
    specs = {}
    for case in folders:
        if not CASE_NAME.match(case.name):
            problems.append(f"{case.name}: folder name must be NNN-slug")
        try:
            specs[case] = json.loads((case / "case.json").read_text(encoding="utf-8"))
        except (OSError, ValueError) as e:
            problems.append(f"{case.name}: unreadable case.json: {e}")
    numbers = collections.Counter(p.name[:3] for p in folders)
    problems += [f"case number {n} is used {c} times" for n, c in numbers.items() if c > 1]

    results = run_cases(specs, jobs=max(2, os.cpu_count() or 2))

    changed = []
    tags = collections.Counter()
    for case, spec in specs.items():
        got = results[case]
        problems += validate(case.name, spec, got)
        if spec.get("differs"):
            tags[spec["differs"].get("tag")] += 1
        path = case / "expected.json"
        new = dumps(got)
        old = path.read_text(encoding="utf-8") if path.exists() else None
        if old != new:
            changed.append(case.name)
            if not args.check:
                path.write_text(new, encoding="utf-8")

    for p in problems:
        print("problem:", p)
    if changed:
        verb = "differs from mmengine" if args.check else "rewritten"
        for name in changed:
            print(f"{name}: expected.json {verb}")
    print(f"{len(specs)} cases, {sum(tags.values())} differ on purpose")
    for tag, n in sorted(tags.items()):
        print(f"  {tag}: {n}")
    if problems or (args.check and changed):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
