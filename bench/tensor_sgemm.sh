#!/usr/bin/env bash
# Matrix products: GFLOP/s of strata's Tensor.matmul (result allocated per call, rows split over
# strata's threads, OpenBLAS single-threaded) against bare cblas_sgemm into a preallocated buffer
# with OpenBLAS' own threading — the machine's peak — at 1 thread and at all cores. Squares, then
# the dit's largest product shapes. Best of N runs after a warm-up.
#   bash bench/tensor_sgemm.sh [STRATA_BINARY]
set -euo pipefail
STRATA="${1:-.build/release/strata}"
BENCH="${TENSOR_BENCH:-$(dirname "$STRATA")/strata-tensor-bench}"
if [ ! -x "$BENCH" ]; then
  echo "tensor_sgemm: $BENCH not found (run: swift build -c release --product strata-tensor-bench)" >&2; exit 1
fi
CORES="$(nproc 2>/dev/null || sysctl -n hw.ncpu)"
echo "== tensor_sgemm: Tensor.matmul vs bare cblas_sgemm (ratio = ours / peak), load $(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo '?')"
"$BENCH" sgemm 1
if [ "$CORES" -gt 1 ]; then "$BENCH" sgemm "$CORES"; fi
