#!/usr/bin/env bash
# CSV throughput: `strata data filter --min-frames 33` against a Python csv.reader/csv.writer loop
# doing the same filter, on one generated 1,000,000-row Open-Sora table (~108 MiB; captions with
# commas, doubled quotes, LF and CRLF inside quotes). Prints wall time and max RSS of each (best of
# RUNS, warm cache) and the ratio, then checks that both outputs hold the same rows once parsed
# (Python writes CRLF record ends, strata LF, so bytes differ).
#   bash bench/csv_bench.sh [STRATA_BINARY] [ROWS] [RUNS]
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
STRATA="${1:-.build/release/strata}"
ROWS="${2:-1000000}"
RUNS="${3:-${RUNS:-3}}"
PYTHON="${PYTHON:-python3}"
TIME=/usr/bin/time

if ! command -v "$PYTHON" >/dev/null 2>&1; then echo "csv_bench: skipped ($PYTHON not found)"; exit 0; fi
if [ ! -x "$TIME" ]; then echo "csv_bench: skipped ($TIME not found; apt-get install time)"; exit 0; fi
if [ ! -x "$STRATA" ]; then
  echo "csv_bench: strata binary $STRATA not found (run: swift build -c release)" >&2; exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$PYTHON" "$HERE/csv_table.py" generate "$work/table.csv" "$ROWS"
bytes=$(wc -c < "$work/table.csv")
echo "== csv: data filter --min-frames 33 over $ROWS rows, $(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1048576 }') MiB (best of $RUNS runs)"

# Runs "$@" RUNS times; prints "<best seconds> <max RSS KiB of that run>".
best() {
  local result="" run line
  for run in $(seq "$RUNS"); do
    "$TIME" -f '%e %M' -o "$work/time" "$@" >/dev/null
    line=$(tail -n 1 "$work/time")
    result=$(printf '%s\n%s\n' "$result" "$line" | awk 'NF == 2' | sort -n | head -n 1)
  done
  echo "$result"
}

read -r strata_s strata_kb < <(best "$STRATA" data filter "$work/table.csv" "$work/strata.csv" --min-frames 33)
read -r python_s python_kb < <(best "$PYTHON" "$HERE/csv_table.py" filter "$work/table.csv" "$work/python.csv" 33)
printf 'strata data filter:      %6.2f s, max RSS %6.1f MiB\n' "$strata_s" "$(awk -v k="$strata_kb" 'BEGIN { print k / 1024 }')"
printf 'python csv module loop:  %6.2f s, max RSS %6.1f MiB\n' "$python_s" "$(awk -v k="$python_kb" 'BEGIN { print k / 1024 }')"
awk -v s="$strata_s" -v p="$python_s" 'BEGIN { if (s > 0) printf "strata is %.2fx the speed of the Python loop\n", p / s }'
"$PYTHON" "$HERE/csv_table.py" compare "$work/strata.csv" "$work/python.csv"
