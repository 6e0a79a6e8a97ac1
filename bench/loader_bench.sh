#!/usr/bin/env bash
# The training loader side by side: strata's VideoData loader (LoaderBench) against a PyAV
# seek-based loader and Open-Sora's decode-everything loader, reading the same 33x256x256 clips
# (the Swift loader's temporal_random_crop choices) from 10-20 s videos, with the same worker count.
# Then the peak RSS of each of 3 epochs of the Swift loader (goal: epochs 2-3 within 10 % of epoch 1).
# Usage: bench/loader_bench.sh [STRATA] [WORKERS] [CORPUS_DIR]
# Needs: swift build -c release --product LoaderBench, ffmpeg, python3 with av, numpy and torch.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
strata=${1:-$here/../.build/release/strata}
workers=${2:-2}
corpus=${3:-${TMPDIR:-/tmp}/strata-loader-corpus}
bench_bin=$(dirname "$strata")/LoaderBench
[ -x "$bench_bin" ] || { echo "loader_bench: $bench_bin is missing (swift build -c release --product LoaderBench)" >&2; exit 1; }
samples=${SAMPLES:-48}
all_samples=${ALL_SAMPLES:-12}

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
echo "== loader: 33x256x256 clips, batch 4, $workers workers, corpus $(ls "$corpus/videos" | wc -l) videos of 10-20 s (360p-1080p)"
"$bench_bin" "$corpus/table.csv" "$workers" 3 "$samples" --plan-out "$out/plan.tsv" | tee "$out/swift.txt"
python3 "$here/loader_pyav.py" seek "$out/plan.tsv" --workers "$workers" | tee "$out/seek.txt"
python3 "$here/loader_pyav.py" all "$out/plan.tsv" --workers "$workers" --limit "$all_samples" | tee "$out/all.txt"
python3 - "$out" <<'PY'
import re, sys
d = sys.argv[1]
def rate(name, line=0):
    return float(re.findall(r"= ([0-9.]+) clips/s", open(f"{d}/{name}").read().splitlines()[line])[0])
swift = [rate("swift.txt", e) for e in range(3)]
rss = [float(re.findall(r"peak RSS ([0-9.]+) MiB", l)[0]) for l in open(f"{d}/swift.txt").read().splitlines()]
seek, every = rate("seek.txt"), rate("all.txt")
print(f"ratio swift (epoch 1) / pyav seek: {swift[0] / seek:.2f}x (goal >= 1.2x)")
print(f"ratio swift (epoch 1) / pyav decode-all (Open-Sora's way): {swift[0] / every:.2f}x (goal >= 8x)")
print(f"peak RSS epochs 2, 3 / epoch 1: {rss[1] / rss[0]:.3f}, {rss[2] / rss[0]:.3f} (goal <= 1.10)")
PY
