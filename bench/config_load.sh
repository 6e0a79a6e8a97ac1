#!/usr/bin/env bash
# Config loading: one `strata dump CONFIG --format json` process against one Python process doing
# mmengine's load + dump of the same config (the Open-Sora-shaped stage2 case of the differential
# corpus). Median wall time of N runs each (default 15).
#   bash bench/config_load.sh [STRATA_BINARY] [RUNS]
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
STRATA="${1:-.build/release/strata}"
RUNS="${2:-${RUNS:-15}}"
PYTHON="${PYTHON:-python3}"
CASE="$ROOT/Tests/ConfigLangTests/Fixtures/cases/157-opensora-stage2"
CONFIG="$CASE/stage2.py"

echo "== config_load: $(basename "$CASE")/$(basename "$CONFIG"), median of $RUNS runs"
if ! command -v "$PYTHON" >/dev/null 2>&1; then
  echo "config_load: skipped ($PYTHON not found)"; exit 0
fi
if ! "$PYTHON" -c 'import mmengine' >/dev/null 2>&1; then
  echo "config_load: skipped (mmengine is not installed for $PYTHON; pip install mmengine==0.10.7)"; exit 0
fi
if [ ! -f "$CONFIG" ]; then
  echo "config_load: $CONFIG is missing" >&2; exit 1
fi
if [ ! -x "$STRATA" ]; then
  echo "config_load: strata binary $STRATA not found (run: swift build -c release)" >&2; exit 1
fi

strata_line="$("$PYTHON" "$HERE/timing.py" --runs "$RUNS" --label strata -- \
  "$STRATA" dump "$CONFIG" --format json)"
mmengine_line="$("$PYTHON" "$HERE/timing.py" --runs "$RUNS" --label mmengine -- \
  "$PYTHON" -c 'import sys; from mmengine import Config; c = Config.fromfile(sys.argv[1]); c.dump()' "$CONFIG")"

"$PYTHON" - "$strata_line" "$mmengine_line" <<'PY'
import sys
s = float(sys.argv[1].split()[1])
m = float(sys.argv[2].split()[1])
print(f"strata   median {s * 1000:9.1f} ms")
print(f"mmengine median {m * 1000:9.1f} ms")
if s > 0:
    print(f"strata is {m / s:.1f}x faster" if m >= s else f"strata is {s / m:.1f}x slower")
PY
