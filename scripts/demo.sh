#!/usr/bin/env bash
# The main job as far as strata goes today: resolve and dump every shipped stage config, then show
# how stage 2 differs from stage 1. Later issues turn this into the full demo training run.
set -euo pipefail
strata=${1:-.build/release/strata}
cd "$(dirname "$0")/.."

for config in image stage1 stage2 stage1_i2v stage2_i2v demo; do
  file=configs/train/$config.yaml
  echo "=== strata dump $file"
  "$strata" dump "$file"
  echo
done

echo "=== resolved stage1 vs stage2 (diff -u of the two dumps; the semantic 'strata diff' comes later)"
diff -u <("$strata" dump configs/train/stage1.yaml) <("$strata" dump configs/train/stage2.yaml) \
  --label stage1 --label stage2 || true
