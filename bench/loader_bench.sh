#!/usr/bin/env bash
# The training loader side by side: strata's VideoData loader (LoaderBench) against a PyAV
# seek-based loader and Open-Sora's decode-everything loader, reading the same 33x256x256 clips
# (the Swift loader's temporal_random_crop choices) from 10-20 s videos, with the same worker count.
# Then the peak RSS of each of 3 epochs of the Swift loader (goal: epochs 2-3 within 10 % of epoch 1).
# Environment: SAMPLES (24 per throughput run), ALL_SAMPLES (12), EPOCH_SAMPLES (48), STEP_MS (3000).
# Usage: bench/loader_bench.sh [STRATA] [WORKERS] [CORPUS_DIR]
# Needs: swift build -c release --product LoaderBench, ffmpeg, python3 with av, numpy and torch.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
strata=${1:-$here/../.build/release/strata}
workers=${2:-2}
corpus=${3:-${TMPDIR:-/tmp}/strata-loader-corpus}
bench_bin=$(dirname "$strata")/LoaderBench
[ -x "$bench_bin" ] || { echo "loader_bench: $bench_bin is missing (swift build -c release --product LoaderBench)" >&2; exit 1; }
samples=${SAMPLES:-24}
all_samples=${ALL_SAMPLES:-12}
epoch_samples=${EPOCH_SAMPLES:-48}
step_ms=${STEP_MS:-3000}

if [ ! -f "$corpus/table.csv" ]; then
  mkdir -p "$corpus/videos"
  ff() { ffmpeg -nostdin -v error -y "$@"; }
  # size rate seconds codec keyint source
  specs=(
    "1280x720 30 12 h264 60 testsrc2"      "640x360 25 18 h264 250 smptehdbars"   "854x480 24 15 h264 120 testsrc2"
    "480x854 30 10 h264 90 testsrc2"       "1280x720 25 20 hevc 125 smptehdbars"  "640x360 30 14 vp9 60 testsrc2"
    "960x540 24000/1001 16 h264 48 testsrc2" "640x360 60 10 h264 120 smptehdbars" "854x480 30 20 hevc 250 testsrc2"
    "1280x720 24 11 vp9 120 testsrc2"      "480x270 25 13 mpeg4 50 smptehdbars"   "1920x1080 30 10 h264 60 testsrc2"
  )
  for i in "${!specs[@]}"; do
    read -r size rate seconds codec keyint source <<< "${specs[$i]}"
    input=(-f lavfi -i "$source=size=$size:rate=$rate,noise=alls=10:allf=t" -t "$seconds")
    case $codec in
      h264) ff "${input[@]}" -c:v libx264 -preset veryfast -g "$keyint" -pix_fmt yuv420p "$corpus/videos/v$i.mp4" ;;
      hevc) ff "${input[@]}" -c:v libx265 -preset superfast -x265-params log-level=error -g "$keyint" -pix_fmt yuv420p "$corpus/videos/v$i.mp4" ;;
      vp9) ff "${input[@]}" -c:v libvpx-vp9 -deadline realtime -cpu-used 8 -g "$keyint" "$corpus/videos/v$i.webm" ;;
      mpeg4) ff "${input[@]}" -c:v mpeg4 -q:v 4 -g "$keyint" "$corpus/videos/v$i.mkv" ;;
    esac
  done
  # The canonical table, each video on 4 rows (rows draw their own clip starts).
  python3 - "$corpus" <<'PY'
import csv, os, sys
import av
corpus = sys.argv[1]
rows = []
for name in sorted(os.listdir(f"{corpus}/videos")):
    with av.open(f"{corpus}/videos/{name}") as container:
        stream = container.streams.video[0]
        fps = float(stream.average_rate)
        frames = sum(1 for p in container.demux(stream) if p.size)
        h, w = stream.codec_context.height, stream.codec_context.width
    for copy in range(4):
        rows.append([f"videos/{name}", f"clip {name} {copy}", frames, h, w, h / w, h * w, round(fps, 3)])
with open(f"{corpus}/table.csv", "w", newline="") as handle:
    out = csv.writer(handle)
    out.writerow(["path", "text", "num_frames", "height", "width", "aspect_ratio", "resolution", "fps"])
    out.writerows(rows)
PY
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# The machine is shared, so the throughput runs alternate Swift and PyAV seek 3 times on the same
# plan and compare medians; the decode-all anchor is slow and runs once on the first clips.
echo "== loader: 33x256x256 clips, batch 4, $workers workers, corpus $(ls "$corpus/videos" | wc -l) videos of 10-20 s (360p-1080p)"
for run in 1 2 3; do
  "$bench_bin" "$corpus/table.csv" "$workers" 1 "$samples" --plan-out "$out/plan.tsv" 2>/dev/null | tee -a "$out/swift.txt"
  python3 "$here/loader_pyav.py" seek "$out/plan.tsv" --workers "$workers" | tee -a "$out/seek.txt"
done
python3 "$here/loader_pyav.py" all "$out/plan.tsv" --workers "$workers" --limit "$all_samples" | tee "$out/all.txt"
echo "== loader memory: 3 epochs of $epoch_samples clips; a ${step_ms} ms step per batch keeps the prefetch queue full"
"$bench_bin" "$corpus/table.csv" "$workers" 3 "$epoch_samples" --step-ms "$step_ms" 2>/dev/null | tee "$out/epochs.txt"
python3 - "$out" <<'PY'
import re, statistics, sys
d = sys.argv[1]
def rates(name):
    return [float(r) for r in re.findall(r"= ([0-9.]+) clips/s", open(f"{d}/{name}").read())]
swift, seek, every = statistics.median(rates("swift.txt")), statistics.median(rates("seek.txt")), rates("all.txt")[0]
rss = [float(v) for v in re.findall(r"peak RSS ([0-9.]+) MiB", open(f"{d}/epochs.txt").read())]
print(f"median of 3: swift {swift:.2f} clips/s, pyav seek {seek:.2f} clips/s")
print(f"ratio swift / pyav seek: {swift / seek:.2f}x (goal >= 1.2x)")
print(f"ratio swift / pyav decode-all (Open-Sora's way, {every:.2f} clips/s): {swift / every:.2f}x (goal >= 8x)")
print(f"peak RSS epochs 2, 3 / epoch 1: {rss[1] / rss[0]:.3f}, {rss[2] / rss[0]:.3f} (goal <= 1.10)")
PY
