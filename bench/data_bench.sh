#!/usr/bin/env bash
# Side-by-side data benchmarks on one generated corpus with the same worker count.
# Usage: bench/data_bench.sh [STRATA] [WORKERS] [CORPUS_DIR]
# Needs: a release build (swift build -c release), ffmpeg, python3 with PyAV (pip install av numpy).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
strata=${1:-$here/../.build/release/strata}
workers=${2:-2}
corpus=${3:-${TMPDIR:-/tmp}/strata-bench-corpus}
bench_bin=$(dirname "$strata")/strata-media-bench
[ -f "$corpus/paths.csv" ] || bash "$here/data_corpus.sh" "$corpus"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
seconds() { local s=$EPOCHREALTIME; "$@" >/dev/null 2>&1; awk -v a="$s" -v b="$EPOCHREALTIME" 'BEGIN { print b - a }'; }
rate() { awk -v n="$1" -v t="$2" 'BEGIN { printf "%.2f", n / t }'; }
files=$(($(wc -l < "$corpus/paths.csv") - 1))

# The probe rows run over the path list repeated 20 times, so that process start-up (about 0.05 s
# for either tool) does not dominate; the decode-everything row runs over the list once.
repeated="$corpus/paths_x20.csv"
{ echo path; for i in $(seq 20); do tail -n +2 "$corpus/paths.csv"; done; } > "$repeated"
rows=$((files * 20))
echo "== data info ($rows rows = $files files x 20, $workers workers)"
for run in 1 2 3; do t=$(seconds "$strata" data info "$repeated" "$out/info.csv" --workers "$workers"); done
printf 'strata data info (header only; 3rd of 3 runs, warm cache): %d files in %.3f s = %s files/s\n' "$rows" "$t" "$(rate "$rows" "$t")"
t=$(seconds "$strata" data info "$corpus/paths.csv" "$out/info_exact.csv" --workers "$workers" --exact)
printf 'strata data info --exact (decodes every video, counts its frames): %d files in %.3f s = %s files/s\n' "$files" "$t" "$(rate "$files" "$t")"
python3 "$here/data_pyav.py" probe "$repeated" --workers "$workers"
python3 "$here/data_pyav.py" metapy "$corpus/paths.csv" --workers "$workers"

echo "== data check ($files files, $workers workers)"
t=$(seconds "$strata" data check "$corpus/paths.csv" "$out/clean.csv" --report "$out/broken.jsonl" --workers "$workers")
printf 'strata data check: %d files in %.2f s = %s files/s, flagged %d: %s\n' "$files" "$t" "$(rate "$files" "$t")" \
  "$(wc -l < "$out/broken.jsonl")" "$(python3 -c 'import json,sys; print(sorted(json.loads(l)["path"] for l in open(sys.argv[1])))' "$out/broken.jsonl")"
start=$EPOCHREALTIME
tail -n +2 "$corpus/paths.csv" | (cd "$corpus" && xargs -P "$workers" -I{} sh -c 'ffmpeg -nostdin -v error -i "$1" -f null - 2>"$2/$(echo "$1" | tr / _).err" || echo exit >> "$2/$(echo "$1" | tr / _).err"' _ {} "$out")
t=$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { print b - a }')
flagged=$(cd "$out" && find . -name '*.err' -size +0 | sed 's|^\./||; s|\.err$||; s|_|/|' | sort | tr '\n' ' ')
printf 'ffmpeg -v error -f null per file: %d files in %.2f s = %s files/s, flagged %d: %s\n' "$files" "$t" "$(rate "$files" "$t")" \
  "$(echo $flagged | wc -w)" "$flagged"

echo "== clip read (33 frames, 256x256 cover crop, random offsets, $workers workers)"
python3 "$here/data_clip_plan.py" "$corpus/clips.txt" 60 "$out/plan.tsv"
"$bench_bin" "$out/plan.tsv" "$workers"
python3 "$here/data_pyav.py" clipseek "$out/plan.tsv" --workers "$workers"
head -20 "$out/plan.tsv" > "$out/plan_small.tsv"
python3 "$here/data_pyav.py" clipall "$out/plan_small.tsv" --workers "$workers"
