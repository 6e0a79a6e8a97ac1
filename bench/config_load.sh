#!/usr/bin/env bash
# Config loading: one `strata dump CONFIG --format json` process against one Python process doing
# mmengine's load + dump of the same config (the Open-Sora-shaped stage2.py of the differential
# corpus), then the same for configs shaped like mmdetection's and mmpretrain's (comprehensions,
# f-strings, new-style `with read_base()` configs from the corpus, and any real configs named in
# EXTRA_CONFIGS, e.g. files of an mmdetection checkout). Median wall time of N runs each (default 15).
#   bash bench/config_load.sh [STRATA_BINARY] [RUNS]
#   EXTRA_CONFIGS="path/a.py path/b.py" bash bench/config_load.sh
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
STRATA="${1:-.build/release/strata}"
RUNS="${2:-${RUNS:-15}}"
PYTHON="${PYTHON:-python3}"
CASE="$ROOT/Tests/ConfigLangTests/Fixtures/cases/155-opensora-image"
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

# The same load, written as JSON (json.dumps of to_dict), so the comparison is like for like and
# not dominated by yapf reformatting mmengine's Python text.
mmengine_json_line="$("$PYTHON" "$HERE/timing.py" --runs "$RUNS" --label mmengine-json -- \
  "$PYTHON" -c 'import sys, json; from mmengine import Config; c = Config.fromfile(sys.argv[1]); json.dumps(c.to_dict())' "$CONFIG")"

# With overrides applied in both: strata's typed overrides against mmengine's merge_from_dict
# (what --cfg-options does) on the same keys.
strata_over_line="$("$PYTHON" "$HERE/timing.py" --runs "$RUNS" --label strata-overrides -- \
  "$STRATA" dump "$CONFIG" --format json --lr 1e-4 --optim.lr 1e-4 --model.depth 4 --plugin_config.sp_size 2)"
mmengine_over_line="$("$PYTHON" "$HERE/timing.py" --runs "$RUNS" --label mmengine-overrides -- \
  "$PYTHON" -c 'import sys, json; from mmengine import Config; c = Config.fromfile(sys.argv[1]); c.merge_from_dict({"lr": 1e-4, "optim.lr": 1e-4, "model.depth": 4, "plugin_config.sp_size": 2}); json.dumps(c.to_dict())' "$CONFIG")"

"$PYTHON" - "$strata_line" "$mmengine_line" "$mmengine_json_line" "$strata_over_line" "$mmengine_over_line" <<'PY'
import sys
s = float(sys.argv[1].split()[1])
m = float(sys.argv[2].split()[1])
j = float(sys.argv[3].split()[1])
so = float(sys.argv[4].split()[1])
mo = float(sys.argv[5].split()[1])
print(f"strata dump --format json        median {s * 1000:9.1f} ms")
print(f"mmengine fromfile + dump()       median {m * 1000:9.1f} ms   ratio {m / s:.1f}x")
print(f"mmengine fromfile + json.dumps   median {j * 1000:9.1f} ms   ratio {j / s:.1f}x")
print(f"strata dump + 4 overrides        median {so * 1000:9.1f} ms")
print(f"mmengine + merge_from_dict(4)    median {mo * 1000:9.1f} ms   ratio {mo / so:.1f}x")
PY

# The ecosystem's Python: each config against Config.fromfile + to_dict in a fresh Python.
CASES="$ROOT/Tests/ConfigLangTests/Fixtures/cases"
for config in "$CASES/161-python-comprehension-pipelines/main.py" "$CASES/162-python-fstrings/main.py" \
              "$CASES/173-python-new-style/configs/main.py" ${EXTRA_CONFIGS:-}; do
  s_line="$("$PYTHON" "$HERE/timing.py" --runs "$RUNS" --label strata -- "$STRATA" dump "$config" --format json)"
  m_line="$("$PYTHON" "$HERE/timing.py" --runs "$RUNS" --label mmengine -- \
    "$PYTHON" -c 'import sys, json; from mmengine import Config; c = Config.fromfile(sys.argv[1]); json.dumps(c.to_dict())' "$config")"
  "$PYTHON" - "$s_line" "$m_line" "${config#"$ROOT"/}" <<'PY'
import sys
s = float(sys.argv[1].split()[1])
m = float(sys.argv[2].split()[1])
print(f"{sys.argv[3]}: strata {s * 1000:.1f} ms, mmengine fromfile + to_dict {m * 1000:.1f} ms, ratio {m / s:.1f}x")
PY
done
