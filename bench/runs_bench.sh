#!/usr/bin/env bash
# `strata runs` over many run directories (default 10,000: real run.yaml files of the demo config
# and 100-line metrics.jsonl files, over 10 experiments, written by strata-runs-bench). Times:
#   cold     the first listing (reads every run.yaml, writes the index), one run;
#   warm     the median of N listings with the index (a stat of each run's two files);
#   filtered warm, with two --param columns and a --where on a config value;
#   no-index one listing (after one untimed) that read every directory (--no-index).
# Goal: warm under 1 s for 10,000 runs.
#   bash bench/runs_bench.sh [STRATA_BINARY] [RUNS_COUNT] [N]
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
STRATA="${1:-.build/release/strata}"
COUNT="${2:-10000}"
N="${3:-5}"
PYTHON="${PYTHON:-python3}"
GENERATOR="$(dirname "$STRATA")/strata-runs-bench"

echo "== runs_bench: strata runs over $COUNT run directories"
for tool in "$STRATA" "$GENERATOR"; do
  [ -x "$tool" ] || { echo "runs_bench: $tool not found (run: swift build -c release)" >&2; exit 1; }
done
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
(cd "$ROOT" && "$GENERATOR" "$WORK/outputs" "$COUNT" configs/train/demo.yaml) >/dev/null

start=$(date +%s.%N)
"$STRATA" runs --outputs "$WORK/outputs" >/dev/null
cold=$(echo "$(date +%s.%N) - $start" | bc)
warm=$("$PYTHON" "$HERE/timing.py" --runs "$N" --label warm -- "$STRATA" runs --outputs "$WORK/outputs" | cut -d' ' -f2)
filtered=$("$PYTHON" "$HERE/timing.py" --runs "$N" --label filtered -- "$STRATA" runs --outputs "$WORK/outputs" \
  --param optim.lr --param model.depth --where 'optim.lr<1e-2' | cut -d' ' -f2)
plain=$("$PYTHON" "$HERE/timing.py" --runs 1 --label no-index -- "$STRATA" runs --outputs "$WORK/outputs" --no-index | cut -d' ' -f2)
rows=$("$STRATA" runs --outputs "$WORK/outputs" --format csv | tail -n +2 | wc -l)
index_size=$(du -h "$WORK/outputs/.strata-runs-index" | cut -f1)
printf 'rows %d, index %s\n' "$rows" "$index_size"
printf 'cold (builds the index) %.3f s\nwarm %.3f s\nwarm with 2 params and a where %.3f s\nno index %.3f s (%.1f× the warm time)\n' \
  "$cold" "$warm" "$filtered" "$plain" "$(echo "$plain / $warm" | bc -l)"
if [ "$(echo "$warm < 1" | bc)" = 1 ]; then echo "goal (warm < 1 s): met"; else echo "goal (warm < 1 s): NOT met"; fi
