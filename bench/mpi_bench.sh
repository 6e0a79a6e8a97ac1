#!/usr/bin/env bash
# Data-parallel training over MPI: the demo experiment's `image` stage (the demo dit on the demo
# images) trained by 1 process and by `mpirun -np 2`, the same epochs, so the same samples. Each
# run's trainer prints its mean step time and, with 2 ranks, the time of the gradient averaging
# (flatten + MPI_Allreduce in place + unflatten) per step and, apart, the time spent at the barrier
# before it waiting for the slower rank (load imbalance, not communication). Reported: steps/s, samples/s, speedup = samples/s (2 ranks) / samples/s (1 rank), and the
# allreduce share of a step (goal: < 10 %). Each rank takes cores / 2 threads (STRATA_THREADS
# overrides). Skipped without mpirun.
#   bash bench/mpi_bench.sh [STRATA_BINARY] [EPOCHS]
set -euo pipefail
STRATA="${1:-.build/release/strata}"
EPOCHS="${2:-${EPOCHS:-8}}"
TRAIN="$(dirname "$STRATA")/strata-train"
if ! command -v mpirun >/dev/null 2>&1; then
  echo "mpi_bench: skipped (mpirun not found; apt-get install openmpi-bin libopenmpi-dev)"; exit 0
fi
if [ ! -x "$TRAIN" ]; then
  echo "mpi_bench: $TRAIN not found (run: swift build -c release)" >&2; exit 1
fi
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
MPIRUN=(mpirun --oversubscribe -np 2)
[ "$(id -u)" -eq 0 ] && MPIRUN+=(--allow-run-as-root)

"$STRATA" data demo "$WORK/data" --seed 0 >/dev/null 2>&1
echo "== mpi_bench: demo experiment, stage image, $EPOCHS epochs, load $(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo '?')"

# run NAME LAUNCHER...: trains into $WORK/NAME and prints the trainer's "training loop:" line.
run() {
  local name=$1; shift
  (cd "$ROOT" && "$@" "$TRAIN" run image -e demo "epochs=$EPOCHS" "outputs=$WORK/$name" \
     "dataset.data_path=$WORK/data/meta.csv" 2>&1) | grep "training loop:" | sed 's/^strata: image: //'
}
one=$(run one env)
two=$(run two "${MPIRUN[@]}")
echo "1 rank:  $one"
echo "2 ranks: $two"
python3 - "$one" "$two" <<'PY'
import re, sys
def parse(line):
    ranks = int(re.search(r"(\d+) ranks?", line).group(1))
    updates = int(re.search(r"(\d+) updates", line).group(1))
    step = float(re.search(r"([\d.]+) ms per step", line).group(1))
    reduce = re.search(r"allreduce ([\d.]+) ms per step", line)
    wait = re.search(r"slowest rank ([\d.]+) ms per step", line)
    return ranks, updates, step, float(reduce.group(1)) if reduce else None, float(wait.group(1)) if wait else None
r1, u1, s1, _, _ = parse(sys.argv[1])
r2, u2, s2, a2, w2 = parse(sys.argv[2])
# Both runs train the same samples (same epochs); 2 ranks take half the steps.
sps1, sps2 = 1000 / s1, 1000 / s2
print(f"steps/s   1 rank {sps1:8.2f}   2 ranks {sps2:8.2f}")
print(f"samples/s speedup (2 ranks / 1 rank, same samples): {(u1 * s1) / (u2 * s2):.2f}   ({u1} vs {u2} steps)")
print(f"allreduce per step: {a2:.3f} ms of {s2:.3f} ms = {100 * a2 / s2:.2f} % (goal < 10 %)")
if w2 is not None: print(f"waiting for the slower rank per step: {w2:.3f} ms = {100 * w2 / s2:.2f} %")
PY
