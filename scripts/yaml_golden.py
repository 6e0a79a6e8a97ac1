#!/usr/bin/env python3
"""Goldens for strata's YAML reader: what PyYAML 6 (the C loader mmengine uses) makes of each
fixture, in the project's canonical JSON encoding.

    python3 scripts/yaml_golden.py          # (re)write Tests/ConfigLangTests/Fixtures/yaml/*.expected.json
    python3 scripts/yaml_golden.py --check  # fail if any committed golden differs

Where strata deliberately differs, `<name>.strata.json` (written by hand) holds what strata must
give; `<name>.expected.json` keeps PyYAML's real answer so the difference stays documented.
"""
import datetime
import json
import pathlib
import sys

import yaml

FIXTURES = pathlib.Path(__file__).resolve().parent.parent / "Tests" / "ConfigLangTests" / "Fixtures" / "yaml"


def encode_key(k):
    if isinstance(k, str):
        return k
    if isinstance(k, int) and not isinstance(k, bool):
        return {"int": str(k)}
    return {"key": repr(k)}


def encode(v, active=None):
    """The canonical encoding shared by all goldens of the project."""
    active = active if active is not None else set()
    if v is None:
        return None
    if isinstance(v, bool):
        return v
    if isinstance(v, str):
        return v
    if isinstance(v, int):
        return {"int": str(v)}
    if isinstance(v, float):
        return {"float": repr(v)}
    if isinstance(v, (datetime.date, datetime.datetime)):
        return {"timestamp": v.isoformat()}
    if isinstance(v, (list, tuple, dict)):
        # PyYAML builds recursive structures from self-referencing aliases; JSON cannot hold them.
        if id(v) in active:
            return {"recursive": type(v).__name__}
        active = active | {id(v)}
        if isinstance(v, list):
            return {"list": [encode(x, active) for x in v]}
        if isinstance(v, tuple):
            return {"tuple": [encode(x, active) for x in v]}
        return {"dict": [[encode_key(k), encode(x, active)] for k, x in v.items()]}
    # Values the model has no case for (set, bytes, Python objects), by type: their repr can
    # hold addresses or an unstable order.
    return {"other": type(v).__name__}


def golden(path):
    text = path.read_text(encoding="utf-8")
    try:
        data = yaml.load(text, Loader=yaml.CLoader)
    except Exception:  # noqa: BLE001 - ValueError/KeyError from int()/float()/datetime count as YAML errors too
        return {"error": "yaml-syntax"}
    return encode(data)


def main():
    check = "--check" in sys.argv[1:]
    assert yaml.__version__.startswith("6."), "goldens are made with PyYAML 6"
    assert yaml.__with_libyaml__, "goldens are made with the C loader (libyaml)"
    failures = 0
    for path in sorted(FIXTURES.glob("*.yaml")):
        out = path.with_name(path.stem + ".expected.json")
        text = json.dumps(golden(path), ensure_ascii=False, indent=1) + "\n"
        if check:
            if not out.exists() or out.read_text(encoding="utf-8") != text:
                print(f"golden differs: {out.name}")
                failures += 1
        else:
            out.write_text(text, encoding="utf-8")
    if check:
        print(f"{failures} difference(s)")
        sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
