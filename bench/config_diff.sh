#!/usr/bin/env bash
# Config diff: one `strata diff stage1.py stage2.py` process against one Python process running
# mmengine's `Config.diff` on the same pair (the Open-Sora-shaped stage1/stage2 of the
# differential corpus). Median wall time of N runs each (default 15). Both load both files;
# strata exits 1 ("they differ", as diff(1)), which counts as success here.
#   bash bench/config_diff.sh [STRATA_BINARY] [RUNS]
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
STRATA="${1:-.build/release/strata}"
RUNS="${2:-${RUNS:-15}}"
PYTHON="${PYTHON:-python3}"
CASE="$ROOT/Tests/ConfigLangTests/Fixtures/cases/155-opensora-image"
A="$CASE/stage1.py"
B="$CASE/stage2.py"

echo "== config_diff: $(basename "$CASE")/{stage1,stage2}.py, median of $RUNS runs"
if ! command -v "$PYTHON" >/dev/null 2>&1; then
  echo "config_diff: skipped ($PYTHON not found)"; exit 0
fi
if ! "$PYTHON" -c 'import mmengine' >/dev/null 2>&1; then
  echo "config_diff: skipped (mmengine is not installed for $PYTHON; pip install mmengine==0.10.7)"; exit 0
fi
if [ ! -x "$STRATA" ]; then
  echo "config_diff: strata binary $STRATA not found (run: swift build -c release)" >&2; exit 1
fi

# What each prints, to show the size of the two reports beside the times.
strata_lines="$("$STRATA" diff "$A" "$B" --color never | wc -l || true)"
mmengine_lines="$("$PYTHON" -c 'import sys; from mmengine import Config; print(Config.diff(sys.argv[1], sys.argv[2]), end="")' "$A" "$B" | wc -l)"

strata_line="$("$PYTHON" "$HERE/timing.py" --runs "$RUNS" --label strata --ok-exit 0,1 -- \
  "$STRATA" diff "$A" "$B")"
strata_json_line="$("$PYTHON" "$HERE/timing.py" --runs "$RUNS" --label strata-json --ok-exit 0,1 -- \
  "$STRATA" diff "$A" "$B" --format json)"
mmengine_line="$("$PYTHON" "$HERE/timing.py" --runs "$RUNS" --label mmengine -- \
  "$PYTHON" -c 'import sys; from mmengine import Config; print(Config.diff(sys.argv[1], sys.argv[2]), end="")' "$A" "$B")"

"$PYTHON" - "$strata_line" "$strata_json_line" "$mmengine_line" "$strata_lines" "$mmengine_lines" <<'PY'
import sys
s = float(sys.argv[1].split()[1])
j = float(sys.argv[2].split()[1])
m = float(sys.argv[3].split()[1])
print(f"strata diff (text)               median {s * 1000:9.1f} ms   {int(sys.argv[4])} lines")
print(f"strata diff --format json        median {j * 1000:9.1f} ms")
print(f"mmengine Config.diff             median {m * 1000:9.1f} ms   {int(sys.argv[5])} lines   ratio {m / s:.1f}x (json {m / j:.1f}x)")
PY
