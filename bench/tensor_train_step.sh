#!/usr/bin/env bash
# One training step (forward + backward of an MSE loss) of the demo dit — hidden 64, depth 2,
# 4 heads, patch (1, 4, 4); the demo's in-context text of 16×64 tokens, and pooled adaln_zero
# text of 32×64 (the configs' default) — in strata against the same model in
# PyTorch on the CPU at the same thread count (bench/tensor_train_step.py), for the demo's image
# batch [16, 3, 1, 32, 32] and video batch [4, 3, 9, 32, 32], at 1 thread and at all cores
# (STRATA_THREADS overrides the latter). The two run alternately for ROUNDS rounds (other load on
# the machine hits both alike); each run prints its median step time; the median over rounds is
# reported. ratio = torch / strata (> 1: strata is faster).
#   bash bench/tensor_train_step.sh [STRATA_BINARY] [ROUNDS]
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
STRATA="${1:-.build/release/strata}"
ROUNDS="${2:-${ROUNDS:-5}}"
PYTHON="${PYTHON:-python3}"
BENCH="${TENSOR_BENCH:-$(dirname "$STRATA")/strata-tensor-bench}"
THREADS="${STRATA_THREADS:-$(nproc 2>/dev/null || sysctl -n hw.ncpu)}"
if [ ! -x "$BENCH" ]; then
  echo "tensor_train_step: $BENCH not found (run: swift build -c release --product strata-tensor-bench)" >&2; exit 1
fi
if ! "$PYTHON" -c 'import torch' >/dev/null 2>&1; then
  echo "tensor_train_step: skipped (torch is not installed for $PYTHON; pip install torch)"; exit 0
fi
echo "== tensor_train_step: demo dit forward+backward, median of $ROUNDS rounds, load $(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo '?'), OpenBLAS core $("$BENCH" core)"
for threads in $(echo 1 "$THREADS" | tr ' ' '\n' | sort -un); do
for text in "in_context 16" "adaln_zero 32"; do
for shape in "16 3 1 32 32" "4 3 9 32 32"; do
  ours=(); theirs=()
  for _ in $(seq "$ROUNDS"); do
    # shellcheck disable=SC2086
    ours+=("$("$BENCH" train-step $shape "$threads" 10 $text | sed -E 's/.*median ([0-9.]+) ms/\1/')")
    # shellcheck disable=SC2086
    theirs+=("$("$PYTHON" "$HERE/tensor_train_step.py" $shape "$threads" 10 $text | cut -d' ' -f2)")
  done
  "$PYTHON" - "$shape" "$threads" "${ours[*]}" "${theirs[*]}" "$text" <<'PY'
import statistics, sys
shape = "[" + ", ".join(sys.argv[1].split()) + "]"
text = sys.argv[5].split()[0]
ours = [float(v) for v in sys.argv[3].split()]
theirs = [float(v) for v in sys.argv[4].split()]
s, t = statistics.median(ours), statistics.median(theirs)
print(f"{shape:18} {text:10} {sys.argv[2]} thr  strata {s:8.2f} ms   torch {t:8.2f} ms   ratio {t / s:.2f}")
PY
done
done
done
