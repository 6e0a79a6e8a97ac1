#!/usr/bin/env python3
"""Golden files for the Python-literal and JSON config readers.

For every Tests/ConfigLangTests/Fixtures/python/*.py, runs the file with real Python (exec with
empty globals; fixtures have no _base_) and writes <name>.expected.json; for every
Fixtures/json/*.json, reads it with json.load. The canonical encoding is the project's:
None/bool/str as JSON, {"int": "<n>"}, {"float": repr(x)}, {"list": [...]}, {"tuple": [...]},
{"dict": [[key, value], ...]}, {"error": "<category>"}.

Where strata deliberately differs from Python, <name>.strata.json (written by hand) holds
strata's answer; the Swift tests prefer it.

    scripts/python_golden.py           write the goldens
    scripts/python_golden.py --check   fail on any difference from the committed goldens
"""
import json
import math
import os
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "ConfigLangTests", "Fixtures")


def encode_key(k):
    if isinstance(k, bool):
        return {"key": repr(k)}
    if isinstance(k, str):
        return k
    if isinstance(k, int):
        return {"int": str(k)}
    return {"key": repr(k)}


def encode(v):
    if v is None or isinstance(v, bool) or isinstance(v, str):
        return v
    if isinstance(v, int):
        return {"int": str(v)}
    if isinstance(v, float):
        return {"float": repr(v)}
    if isinstance(v, list):
        return {"list": [encode(x) for x in v]}
    if isinstance(v, tuple):
        return {"tuple": [encode(x) for x in v]}
    if isinstance(v, dict):
        return {"dict": [[encode_key(k), encode(x)] for k, x in v.items()]}
    return {"unencodable": repr(type(v))}


def run_python(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    env = {}
    try:
        exec(compile(text, path, "exec"), env)
    except (SyntaxError, NameError, TypeError, ZeroDivisionError, OverflowError, ValueError,
            KeyError, IndexError, AttributeError):
        return {"error": "python-eval"}
    env.pop("__builtins__", None)
    return encode({k: v for k, v in env.items() if not k.startswith("__")})


def run_json(path):
    with open(path, encoding="utf-8") as f:
        try:
            return encode(json.load(f))
        except json.JSONDecodeError:
            return {"error": "json-syntax"}


def main():
    check = "--check" in sys.argv[1:]
    failures = 0
    for sub, ext, runner in (("python", ".py", run_python), ("json", ".json", run_json)):
        folder = os.path.join(ROOT, sub)
        for name in sorted(os.listdir(folder)):
            if not name.endswith(ext) or name.endswith(".expected.json") or name.endswith(".strata.json"):
                continue
            path = os.path.join(folder, name)
            text = json.dumps(runner(path), indent=1) + "\n"
            golden = os.path.join(folder, name[: -len(ext)] + ".expected.json")
            if check:
                old = open(golden, encoding="utf-8").read() if os.path.exists(golden) else None
                if old != text:
                    print(f"differs: {sub}/{name}")
                    failures += 1
            else:
                with open(golden, "w", encoding="utf-8") as f:
                    f.write(text)
    if check:
        print("goldens up to date" if failures == 0 else f"{failures} golden(s) differ")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
