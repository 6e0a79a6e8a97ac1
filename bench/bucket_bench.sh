#!/usr/bin/env bash
# Bucket assignment: `strata data buckets` against Open-Sora 2.0's way (the documented algorithm
# transcribed in Python, scripts/bucket_reference.py, run per row with pandas `apply` and with
# pandarallel's `parallel_apply` on 2 workers, as the sampler's group_by_bucket does) on one
# generated table of ROWS rows under a stage1-like bucket_config with keep probabilities < 1.
# Each side reads the CSV, assigns every row and counts samples and batches per bucket. Prints
# wall times (best of RUNS; Python sides run once, they take minutes) and the ratios.
#   bash bench/bucket_bench.sh [STRATA_BINARY] [ROWS] [RUNS]
# STRATA_BINARY is strata (the sibling strata-data beside it is used) or strata-data.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
STRATA="${1:-.build/release/strata}"
ROWS="${2:-1000000}"
RUNS="${3:-${RUNS:-3}}"
PYTHON="${PYTHON:-python3}"

case "$STRATA" in
  *strata-data) DATA="$STRATA" ;;
  *) DATA="$(dirname "$STRATA")/strata-data" ;;
esac
if ! command -v "$PYTHON" >/dev/null 2>&1; then echo "bucket_bench: skipped ($PYTHON not found)"; exit 0; fi
if ! "$PYTHON" -c 'import numpy, pandas' 2>/dev/null; then echo "bucket_bench: skipped (numpy and pandas needed)"; exit 0; fi
if [ ! -x "$DATA" ]; then echo "bucket_bench: $DATA not found (run: swift build -c release)" >&2; exit 1; fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$PYTHON" "$HERE/bucket_assign.py" generate "$work/table.csv" "$ROWS" "$work/buckets.yaml"
echo "== buckets: assignment of $ROWS rows, $(awk -v b="$(wc -c < "$work/table.csv")" 'BEGIN { printf "%.1f", b / 1048576 }') MiB CSV"

# Wall seconds of one run of "$@" (output discarded).
seconds() {
  local start end
  start=$(date +%s.%N)
  "$@" >/dev/null
  end=$(date +%s.%N)
  awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f", e - s }'
}

strata_s=""
for _ in $(seq "$RUNS"); do
  t=$(seconds "$DATA" buckets "$work/buckets.yaml" --format json)
  strata_s=$(printf '%s\n%s\n' "$strata_s" "$t" | awk 'NF' | sort -n | head -n 1)
done
"$DATA" buckets "$work/buckets.yaml" | tail -n 1
printf 'strata data buckets:            %8.2f s\n' "$strata_s"

apply_s=$(seconds "$PYTHON" "$HERE/bucket_assign.py" apply "$work/table.csv")
printf 'pandas apply (1 process):       %8.2f s\n' "$apply_s"
best_python="$apply_s"
if "$PYTHON" -c 'import pandarallel' 2>/dev/null; then
  par_s=$(seconds "$PYTHON" "$HERE/bucket_assign.py" pandarallel "$work/table.csv" 2)
  printf 'pandarallel parallel_apply (2): %8.2f s\n' "$par_s"
  best_python=$(printf '%s\n%s\n' "$apply_s" "$par_s" | sort -n | head -n 1)
  awk -v s="$strata_s" -v p="$par_s" 'BEGIN { if (s > 0) printf "strata is %.1fx pandarallel on 2 workers\n", p / s }'
else
  echo "pandarallel: not importable with $PYTHON (it needs pandas < 3); ratio against apply only"
fi
awk -v s="$strata_s" -v p="$apply_s" 'BEGIN { if (s > 0) printf "strata is %.1fx pandas apply\n", p / s }'
awk -v s="$strata_s" -v p="$best_python" 'BEGIN { if (s > 0) printf "strata is %.1fx the faster Python way (goal: 50x)\n", p / s }'
