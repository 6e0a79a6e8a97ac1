#!/usr/bin/env bash
# The main job as far as strata goes today: resolve and dump every shipped stage config, show how
# stage 2 differs from stage 1, and where a value came from. Later issues turn this into the full
# demo training run.
set -euo pipefail
strata=${1:-.build/release/strata}
cd "$(dirname "$0")/.."

for config in image stage1 stage2 stage1_i2v stage2_i2v demo; do
  file=configs/train/$config.yaml
  echo "=== strata dump $file"
  "$strata" dump "$file"
  echo
done

echo "=== strata diff configs/train/stage1.yaml configs/train/stage2.yaml"
"$strata" diff configs/train/stage1.yaml configs/train/stage2.yaml || [ $? -eq 1 ]
echo

echo "=== strata explain configs/train/stage1_i2v.yaml optim.lr --lr 3e-4"
"$strata" explain configs/train/stage1_i2v.yaml optim.lr --lr 3e-4
