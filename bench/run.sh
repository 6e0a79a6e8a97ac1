#!/usr/bin/env bash
# Runs every bench script in bench/ (each takes the strata binary as its first argument).
#   bash bench/run.sh [STRATA_BINARY]      (make bench)
set -uo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
STRATA="${1:-.build/release/strata}"
status=0
for script in "$HERE"/*.sh; do
  [ "$(basename "$script")" = "run.sh" ] && continue
  bash "$script" "$STRATA" || { echo "bench: $(basename "$script") failed" >&2; status=1; }
done
exit $status
