#!/usr/bin/env bash
# The main job on the built-in demo data: generate the captioned demo dataset, show where its
# samples go in the buckets, plan and train the demo experiment through image → stage1 → stage2
# and stage1 → stage1_i2v, sample text-to-video and image-to-video, and say where everything is.
# A second run reuses the finished stages (same fingerprints).
set -euo pipefail
strata=${1:-.build/release/strata}
cd "$(dirname "$0")/.."
data=outputs/demo-data

step() { printf '\n=== %s\n' "$*"; }
# `strata run` ends with one line per stage, "STAGE: completed|reused DIR → …": the run folders of
# this configuration (older runs of other configurations may sit beside them).
said=$(mktemp)
trap 'rm -f "$said"' EXIT
run_of() { sed -n "s/^$1: [a-z]* \([^ ]*\) → .*/\1/p" "$said" | tail -n 1; }

# 480 clips and 240 pictures (about 7 s to draw): the demo model must draw prompts it never saw,
# and ten times the default table gives it the combinations of words to learn that from
# (docs/training.md, "The demo's settings, measured").
videos=480 images=240
if [ -f "$data/meta.csv" ] && [ "$(($(wc -l < "$data/meta.csv") - 1))" -eq $((videos + images)) ]; then
  step "demo dataset: $data/meta.csv exists (delete $data to generate it again)"
else
  step "strata data demo $data --videos $videos --images $images"
  "$strata" data demo "$data" --videos "$videos" --images "$images"
fi

step "strata data buckets configs/train/stage1.yaml (where stage 1 would put the demo data)"
"$strata" data buckets configs/train/stage1.yaml --dataset.data_path "$data/meta.csv" 2>&1 | tail -n 4

step "strata plan stage2 -e demo"
"$strata" plan stage2 -e demo

step "strata run stage2 -e demo"
"$strata" run stage2 -e demo | tee "$said"

step "strata diff: the demo's stage 1 against its stage 2 (resolved configs from the run directories)"
image_run=$(run_of image)
stage1_run=$(run_of stage1)
stage2_run=$(run_of stage2)
"$strata" diff "$stage1_run" "$stage2_run" || [ $? -eq 1 ]

step "strata sample: videos from the stage2 model for a few prompts"
samples=()
while IFS='|' read -r prompt frames seed; do
  out="$stage2_run/samples/demo-$(echo "$prompt" | tr -cs 'a-z' '-' | sed 's/-$//')-seed$seed.mp4"
  "$strata" sample "$stage2_run" --prompt "$prompt" --num-frames "$frames" --seed "$seed" --output "$out"
  samples+=("$out")
done <<'PROMPTS'
a yellow circle moves right over a blue background|9|1
a white square moves down over a red background|9|2
a purple triangle on a green background|1|3
PROMPTS

step "strata run stage1_i2v -e demo (image-to-video on top of stage 1: condition channels for a first frame)"
"$strata" run stage1_i2v -e demo | tee "$said"
i2v_run=$(run_of stage1_i2v)

step "strata sample --image: a video from the stage1_i2v model that starts from the table's first image"
# The table's first image and its caption, set in motion ("a yellow circle on a blue background"
# → "a yellow circle moves right over a blue background").
IFS='|' read -r first_image caption < <(awk -F, '$1 ~ /^images\// { print $1 "|" $2; exit }' "$data/meta.csv")
i2v_prompt=$(echo "$caption" | sed 's/ on \(an\{0,1\}\) / moves right over \1 /')
i2v_sample="$i2v_run/samples/demo-i2v-$(basename "${first_image%.*}")-seed4.mp4"
# Guidance at the noisiest steps only (t ≥ 0.7): it sets the motion there and adds grain below.
"$strata" sample "$i2v_run" --prompt "$i2v_prompt" --image "$data/$first_image" --num-frames 9 --seed 4 \
  --guidance-interval 0.7,1 --output "$i2v_sample"
samples+=("$i2v_sample")

step "where everything is"
for run in "$image_run" "$stage1_run" "$stage2_run" "$i2v_run"; do
  echo "$run: run.yaml, metrics.jsonl, loss.svg, final/model.safetensors"
done
for sample in "${samples[@]}"; do
  echo "$sample (and its contact sheet ${sample%.mp4}.png)"
done
echo "The loss curves are the loss.svg files; 'strata explain $stage2_run optim.lr' says where a value came from."
