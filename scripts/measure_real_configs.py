#!/usr/bin/env python3
"""Resolve every Python config under some folders with strata and with mmengine 0.10.7, and count.

    python3 scripts/measure_real_configs.py STRATA_BINARY DIR [DIR ...] [--jobs N] [--show KIND]

Each `.py` file under each DIR (e.g. a checkout of mmpretrain's `configs/` and
`mmpretrain/configs/`) is loaded by `Config.fromfile(f).to_dict()` in a forked child and by
`strata dump f --format yaml` (read back with PyYAML, which keeps tuples and integer keys), and both
results are compared in the canonical encoding of scripts/mmengine_golden.py. Each file is counted as

  equal           strata resolves to exactly mmengine's result
  documented      strata's result is mmengine's minus the `_delete_` keys mmengine leaks (the
                  documented difference `delete-never-leaks`)
  refused         strata reports a config error (exit status 2) where mmengine loads the file
  different       strata resolves to something else (must be 0)
  crash           strata exits with another status or times out (must be 0)
  mmengine-failed mmengine cannot load the file (a missing package, a bad base, ...); not counted

The third-party configs are read where they are and never copied into this repository.
`--show refused` prints the first line of strata's message for each refused file (`--show
different` the first difference), so the remaining unsupported constructs can be tallied.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import mmengine_golden as golden  # noqa: E402  (canonical encoding and forked loads)


def strata_result(binary: str, path: Path):
    import yaml

    try:
        run = subprocess.run([binary, "dump", str(path), "--format", "yaml"], capture_output=True,
                             text=True, timeout=60, cwd=path.parent)
    except subprocess.TimeoutExpired:
        return "crash", "timeout"
    if run.returncode == 2:
        return "refused", (run.stderr.strip().splitlines() or ["?"])[0]
    if run.returncode != 0:
        return "crash", f"exit {run.returncode}: {run.stderr.strip()[:300]}"
    value = yaml.load(run.stdout, Loader=yaml.FullLoader)
    names = sorted({str(path.parent), os.path.realpath(path.parent)}, key=len, reverse=True)
    return "ok", golden.canonical(value if value is not None else {}, names)


def first_difference(a, b, path="") -> str:
    if type(a) is not type(b):
        return f"{path or '.'}: {json.dumps(a)[:200]} vs {json.dumps(b)[:200]}"
    if isinstance(a, dict):
        for kind in ("dict", "list", "tuple"):
            if kind in a and kind in b:
                xs, ys = a[kind], b[kind]
                if kind == "dict":
                    kx, ky = [k for k, _ in xs], [k for k, _ in ys]
                    if kx != ky:
                        return f"{path or '.'}: keys {kx} vs {ky}"
                    for (k, x), (_, y) in zip(xs, ys):
                        if x != y:
                            return first_difference(x, y, f"{path}.{k}")
                if len(xs) != len(ys):
                    return f"{path or '.'}: {len(xs)} vs {len(ys)} items"
                for i, (x, y) in enumerate(zip(xs, ys)):
                    if x != y:
                        return first_difference(x, y, f"{path}[{i}]")
    return f"{path or '.'}: {json.dumps(a)[:200]} vs {json.dumps(b)[:200]}"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("strata")
    ap.add_argument("dirs", nargs="+")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--show", choices=["refused", "different", "crash", "mmengine-failed", "documented"], action="append",
                    default=[])
    args = ap.parse_args()
    binary = os.path.abspath(args.strata)
    total = collections.Counter()
    for folder in args.dirs:
        root = Path(folder).resolve()
        files = sorted(p for p in root.rglob("*.py") if p.name != "__init__.py")
        env = dict(os.environ)
        loads = {f: (f.parent, f.name, env) for f in files}
        expected = golden.run_loads(loads, args.jobs)
        counts = collections.Counter()
        shown = []
        for f in files:
            want = expected[f]
            kind, got = strata_result(binary, f)
            if isinstance(want, dict) and "error" in want:
                outcome = "mmengine-failed"
                detail = want["error"]
            elif kind == "ok":
                if got == want:
                    outcome, detail = "equal", ""
                elif got == golden.strip_delete(want):
                    outcome, detail = "documented", "delete-never-leaks"
                else:
                    outcome, detail = "different", first_difference(got, want)
            else:
                outcome, detail = kind, got
            counts[outcome] += 1
            if outcome in args.show:
                shown.append(f"{outcome}: {f.relative_to(root)}: {detail}")
        for line in shown:
            print(line)
        loadable = sum(counts[k] for k in ("equal", "documented", "refused", "different", "crash"))
        same = counts["equal"] + counts["documented"]
        share = 100.0 * same / loadable if loadable else 0.0
        print(f"{root.name}: {len(files)} files; equal {same} ({share:.1f} % of the {loadable} "
              f"mmengine loads; {counts['documented']} of them up to the documented `_delete_` "
              f"difference), refused {counts['refused']}, different "
              f"{counts['different']}, crash {counts['crash']}, mmengine-failed "
              f"{counts['mmengine-failed']}")
        total += counts
    return 1 if total["different"] or total["crash"] else 0


if __name__ == "__main__":
    sys.exit(main())
