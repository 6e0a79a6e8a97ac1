#!/usr/bin/env bash
# The main job on the built-in demo data: generate the captioned demo dataset, show where its
# samples go in the buckets, plan and train the demo experiment through image → stage1 → stage2,
# and say where everything is. A second run reuses the finished stages (same fingerprints).
set -euo pipefail
strata=${1:-.build/release/strata}
cd "$(dirname "$0")/.."
data=outputs/demo-data

step() { printf '\n=== %s\n' "$*"; }

if [ -f "$data/meta.csv" ]; then
  step "demo dataset: $data/meta.csv exists (delete $data to generate it again)"
else
  step "strata data demo $data"
  "$strata" data demo "$data"
fi

step "strata data buckets configs/train/stage1.yaml (where stage 1 would put the demo data)"
"$strata" data buckets configs/train/stage1.yaml --dataset.data_path "$data/meta.csv" 2>&1 | tail -n 4

step "strata plan stage2 -e demo"
"$strata" plan stage2 -e demo

step "strata run stage2 -e demo"
"$strata" run stage2 -e demo

step "strata diff: the demo's stage 1 against its stage 2 (resolved configs from the run directories)"
runs=$(ls -d outputs/demo/stage1-* outputs/demo/stage2-* 2>/dev/null | sort)
stage1_run=$(ls -td outputs/demo/stage1-* | head -n 1)
stage2_run=$(ls -td outputs/demo/stage2-* | head -n 1)
"$strata" diff "$stage1_run" "$stage2_run" || [ $? -eq 1 ]

step "where everything is"
for run in $runs $(ls -d outputs/demo/image-* 2>/dev/null); do
  echo "$run: run.yaml, metrics.jsonl, loss.svg, final/model.safetensors"
done
echo "The loss curves are the loss.svg files; 'strata explain $stage2_run optim.lr' says where a value came from."
