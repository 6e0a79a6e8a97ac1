#!/usr/bin/env bash
# Learning, measured: samples from the demo experiment's last video stage for prompts naming each
# palette colour as the background, on held-out noise seeds; prints the share whose dominant colour
# is the prompted one against chance (1/8). Uses the newest outputs/demo/stage2-* (make demo
# trains it); DEMO_RUN=DIR picks another run.
#   bash bench/colour_accuracy.sh [STRATA_BINARY]
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
STRATA="${1:-.build/release/strata}"
PYTHON="${PYTHON:-python3}"
RUN="${DEMO_RUN:-$(ls -td outputs/demo/stage2-* 2>/dev/null | head -n 1)}"
if [ -z "$RUN" ] || [ ! -f "$RUN/final/model.safetensors" ] && [ ! -f "$RUN/final/ema.safetensors" ]; then
  echo "colour_accuracy: skipped (no finished outputs/demo/stage2-* run: make demo trains one)"; exit 0
fi
if ! "$PYTHON" -c 'import numpy' >/dev/null 2>&1; then
  echo "colour_accuracy: skipped (numpy is not installed for $PYTHON)"; exit 0
fi
echo "== colour_accuracy: $RUN"
echo "-- 9-frame videos, 2 prompts x 2 seeds per colour"
"$PYTHON" "$HERE/colour_accuracy.py" "$RUN" --strata "$STRATA" --frames 9 --seeds 2
echo "-- images (1 frame), 2 prompts x 3 seeds per colour"
"$PYTHON" "$HERE/colour_accuracy.py" "$RUN" --strata "$STRATA" --frames 1 --seeds 3
