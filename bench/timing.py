#!/usr/bin/env python3
"""Median wall time of whole-process runs, for the bench scripts.

    python3 bench/timing.py --runs 15 --label strata -- CMD ARG...

Runs CMD once untimed (warm caches), then N timed runs (time.perf_counter around
subprocess.run, output discarded). A failing run aborts with its stderr; `--ok-exit 0,1`
accepts other statuses as success (diff(1)-style commands exit 1 when inputs differ). Prints one line,
`LABEL median_seconds`, and nothing else on stdout.
"""
import argparse
import statistics
import subprocess
import sys
import time


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--label", default="cmd")
    ap.add_argument("--ok-exit", default="0", help="comma-separated exit statuses that count as success")
    ap.add_argument("cmd", nargs=argparse.REMAINDER)
    args = ap.parse_args()
    cmd = args.cmd[1:] if args.cmd[:1] == ["--"] else args.cmd
    if not cmd or args.runs < 1:
        ap.error("need a command and --runs >= 1")
    ok = {int(code) for code in args.ok_exit.split(",")}
    times = []
    for i in range(args.runs + 1):
        start = time.perf_counter()
        proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        elapsed = time.perf_counter() - start
        if proc.returncode not in ok:
            sys.stderr.write(f"{args.label}: exit {proc.returncode}: {' '.join(cmd)}\n")
            sys.stderr.write(proc.stderr.decode(errors="replace")[-2000:])
            return 1
        if i > 0:  # the first run only warms caches
            times.append(elapsed)
    print(f"{args.label} {statistics.median(times):.6f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
