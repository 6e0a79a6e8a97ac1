#!/usr/bin/env bash
# Fuzzes strata's readers with libFuzzer: YAML, JSON and Python configs, override arguments,
# `${}` resolution through the loader, and CSV tables.
#
#   bench/fuzz.sh [RUNS] [SECONDS] [TARGET…]
#
# Each target runs until RUNS executions (default 1000000) or SECONDS (default 300), whichever
# comes first, from bench/fuzz/corpus/TARGET. Bounds: 10 s per input (a hang), 512 MiB RSS and a
# 256 MiB single allocation (an out-of-memory finding). Findings are written to
# .build-fuzz/findings/; a crash stops that target. Runs are niced: the machine is shared.
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${1:-1000000}
SECONDS_MAX=${2:-300}
shift $(( $# > 2 ? 2 : $# ))
TARGETS=("$@")
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=(yaml json python overrides references csv)

flock /tmp/strata-build.lock swift build -c release --scratch-path .build-fuzz --product strata-fuzz \
    -Xswiftc -sanitize=fuzzer -Xswiftc -parse-as-library -Xswiftc -DLIBFUZZER 2>&1 | tail -3
BIN=$(swift build -c release --scratch-path .build-fuzz --show-bin-path)/strata-fuzz

printf '%-11s %10s %9s %8s %6s %9s\n' target executions exec/s crashes hangs peak_rss
for target in "${TARGETS[@]}"; do
    work=.build-fuzz/corpus/$target findings=.build-fuzz/findings/$target
    mkdir -p "$work" "$findings"
    log=.build-fuzz/$target.log
    start=$(date +%s.%N)
    STRATA_FUZZ_TARGET=$target nice -n 10 "$BIN" "$work" "bench/fuzz/corpus/$target" \
        -runs="$RUNS" -max_total_time="$SECONDS_MAX" -timeout=10 -rss_limit_mb=512 -malloc_limit_mb=256 \
        -artifact_prefix="$findings/" -print_final_stats=1 >"$log" 2>&1 || true
    elapsed=$(echo "$(date +%s.%N) - $start" | bc)
    execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo 0)
    rss=$(grep -o 'stat::peak_rss_mb: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo '?')
    crashes=$(find "$findings" -name 'crash-*' -o -name 'oom-*' -o -name 'leak-*' | wc -l)
    hangs=$(find "$findings" -name 'timeout-*' -o -name 'slow-unit-*' | wc -l)
    printf '%-11s %10s %9.0f %8s %6s %6s MB\n' "$target" "${execs:-0}" "$(echo "${execs:-0} / $elapsed" | bc -l)" \
        "$crashes" "$hangs" "$rss"
done
