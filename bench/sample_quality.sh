#!/usr/bin/env bash
# Learning, measured: do the demo's samples follow their prompts? Samples the demo experiment's
# stage2 (text-to-video) and stage1_i2v (image-to-video from each clip's first frame) runs for
# held-out prompts of the demo's grammar on held-out seeds, and prints background colour, shape,
# shape colour, motion direction and residual noise against chance (bench/sample_quality.py says
# how each is scored). Uses the newest outputs/demo/stage2-* and stage1_i2v-* (make demo trains
# them); DEMO_RUN=DIR and DEMO_I2V_RUN=DIR pick others, PROMPTS=N the number of prompts (24).
#   bash bench/sample_quality.sh [STRATA_BINARY]
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
STRATA="${1:-.build/release/strata}"
PYTHON="${PYTHON:-python3}"
PROMPTS="${PROMPTS:-24}"
if ! "$PYTHON" -c 'import numpy' >/dev/null 2>&1; then
  echo "sample_quality: skipped (numpy is not installed for $PYTHON)"; exit 0
fi
finished() { [ -n "$1" ] && { [ -f "$1/final/model.safetensors" ] || [ -f "$1/final/ema.safetensors" ]; }; }
# The run that finished last: its final/ folder is the newest (sampling writes event files into a
# run's folder, so the run folders' own times say which was sampled last, not trained).
newest() { ls -td outputs/demo/"$1"-*/final 2>/dev/null | head -n 1 | sed 's|/final$||'; }
T2V="${DEMO_RUN:-$(newest stage2)}"
I2V="${DEMO_I2V_RUN:-$(newest stage1_i2v)}"
if finished "$T2V"; then
  echo "== sample_quality: $T2V"
  "$PYTHON" "$HERE/sample_quality.py" "$T2V" --strata "$STRATA" --prompts "$PROMPTS"
else
  echo "sample_quality: text-to-video skipped (no finished outputs/demo/stage2-* run: make demo trains one)"
fi
if finished "$I2V"; then
  echo "== sample_quality: $I2V"
  # Sampled as scripts/demo.sh samples it.
  "$PYTHON" "$HERE/sample_quality.py" "$I2V" --strata "$STRATA" --prompts "$PROMPTS" --i2v --guidance-interval 0.7,1
else
  echo "sample_quality: image-to-video skipped (no finished outputs/demo/stage1_i2v-* run: make demo trains one)"
fi
