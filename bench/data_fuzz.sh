#!/usr/bin/env bash
# Fuzz `data check` and `data info` with corrupted variants of generated files and compare each
# verdict with the ffmpeg CLI. A file is good for the CLI when `ffmpeg -v error -i F -f null -`
# exits 0 and prints nothing at error level (the null muxer's timestamp complaints excepted, they
# are not about the file) and ffprobe decodes at least one video frame.
# Usage: bench/data_fuzz.sh [STRATA] [VARIANTS_PER_FILE (40)] [WORKERS (2)]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
strata=${1:-$here/../.build/release/strata}
per_file=${2:-40}
workers=${3:-2}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
ff() { ffmpeg -nostdin -v error -y "$@"; }
src=(-f lavfi -i "testsrc2=size=160x90:rate=25,noise=alls=12:allf=t" -t 2)
aud=(-f lavfi -i "sine=frequency=440:duration=2")
mkdir -p "$work/base" "$work/v"
ff "${src[@]}" -c:v libx264 -preset ultrafast -g 12 -bf 2 "$work/base/h264.mp4"
ff "${src[@]}" -c:v libx264 -preset ultrafast -g 12 -movflags +faststart "$work/base/faststart.mp4"
ff "${src[@]}" "${aud[@]}" -c:v libx264 -preset ultrafast -g 12 -c:a aac -shortest "$work/base/audio.mov"
ff "${src[@]}" -c:v mpeg4 -q:v 5 -g 12 "$work/base/mpeg4.mkv"
ff "${src[@]}" -c:v libvpx-vp9 -deadline realtime -cpu-used 8 -g 12 "$work/base/vp9.webm"
ff "${src[@]}" "${aud[@]}" -c:v mpeg4 -c:a mp3 -shortest "$work/base/xvid.avi"
ff "${src[@]}" -c:v mpeg2video -g 12 -f vob "$work/base/mpeg2.mpg"
ff "${src[@]}" -c:v flv1 "$work/base/sorenson.flv"
ff "${src[@]}" -c:v libx264 -preset ultrafast -g 12 -f mpegts "$work/base/h264.ts"
python3 "$here/data_fuzz.py" "$work/v" "$per_file" "$work"/base/*
{ echo path; (cd "$work" && ls v | sed 's|^|v/|'); } > "$work/table.csv"
total=$(($(wc -l < "$work/table.csv") - 1))
echo "== $total corrupted variants of $(ls "$work/base" | wc -l) files"

# The CLI's verdicts (60 s each at most; a timeout counts as bad).
cli_good() {
  local f=$1 err frames
  err=$(timeout 60 ffmpeg -nostdin -v error -i "$f" -f null - 2>&1 >/dev/null | grep -v '^\[null @' | grep -v 'Last message repeated') || true
  [ -z "$err" ] || return 1
  timeout 60 ffmpeg -nostdin -v quiet -i "$f" -f null - >/dev/null 2>&1 || return 1
  frames=$(timeout 60 ffprobe -v quiet -select_streams v:0 -count_frames -show_entries stream=nb_read_frames -of csv=p=0 "$f" | head -1 | tr -dc 0-9)
  [ "${frames:-0}" -gt 0 ]
}
: > "$work/cli_good.txt"
for f in $(tail -n +2 "$work/table.csv"); do cli_good "$work/$f" && echo "$f" >> "$work/cli_good.txt" || true; done

start=$EPOCHREALTIME
status=0
timeout 600 "$strata" data check "$work/table.csv" "$work/clean.csv" --report "$work/broken.jsonl" --workers "$workers" --time-limit 60 \
  > "$work/check.out" 2>&1 || status=$?
check_seconds=$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')
[ "$status" -le 1 ] || { echo "data check exited $status (crash or hang)"; tail -5 "$work/check.out"; exit 1; }
timeout 600 "$strata" data info "$work/table.csv" "$work/info.csv" --workers "$workers" > "$work/info.out" 2>&1 \
  || { s=$?; [ "$s" -le 1 ] || { echo "data info exited $s (crash or hang)"; exit 1; }; }

python3 - "$work" "$total" <<'PY'
import csv, json, sys
work, total = sys.argv[1], int(sys.argv[2])
clean = {r["path"] for r in csv.DictReader(open(f"{work}/clean.csv"))}
broken = {json.loads(l)["path"]: json.loads(l)["error"] for l in open(f"{work}/broken.jsonl")}
info_rows = list(csv.DictReader(open(f"{work}/info.csv")))
cli = {l.strip() for l in open(f"{work}/cli_good.txt") if l.strip()}
paths = [r["path"] for r in csv.DictReader(open(f"{work}/table.csv"))]
lost = [p for p in paths if p not in clean and p not in broken]
agree = sum((p in clean) == (p in cli) for p in paths)
kept_bad = sorted(p for p in paths if p in clean and p not in cli)
dropped_good = sorted(p for p in paths if p not in clean and p in cli)
no_reason = [p for p, e in broken.items() if not e.strip()]
print(f"check: {len(clean)} clean, {len(broken)} broken; the ffmpeg CLI: {len(cli)} good, {total - len(cli)} bad")
print(f"agreement with the CLI: {agree}/{total}; kept but bad for the CLI: {len(kept_bad)}; dropped but good for the CLI: {len(dropped_good)}")
for p in kept_bad[:10]: print("  kept, CLI says bad:", p)
for p in dropped_good[:10]: print("  dropped, CLI says good:", p, "--", broken.get(p))
import os, shutil
keep = os.path.join(os.environ.get("TMPDIR", "/tmp"), "strata-fuzz-disagreements")
if kept_bad or dropped_good:
    os.makedirs(keep, exist_ok=True)
    for p in kept_bad + dropped_good: shutil.copy(os.path.join(work, p), keep)
    print(f"  (copied to {keep})")
print(f"rows lost by check: {len(lost)}; broken rows without a reason: {len(no_reason)}; data info rows: {len(info_rows)}/{total}")
sys.exit(1 if lost or no_reason or len(info_rows) != total else 0)
PY
echo "data check over $total files took $check_seconds s with $workers workers (no crash, no hang)"
