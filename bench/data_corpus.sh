#!/usr/bin/env bash
# Generates the benchmark corpus: a deterministic mix of codecs, containers, sizes and rates
# (lavfi test patterns with temporal noise), a few images, and broken files.
# Usage: bench/data_corpus.sh DIR [CLIPS]      writes DIR/clips, DIR/broken, DIR/paths.csv, DIR/clips.txt
set -euo pipefail
dir=${1:?usage: data_corpus.sh DIR [CLIPS]}
count=${2:-48}
mkdir -p "$dir/clips" "$dir/broken"
ff() { ffmpeg -nostdin -v error -y "$@"; }
sizes=(256x256 640x360 360x640 480x270 320x240)
rates=(24000/1001 25 30 60 24)
sources=(testsrc2 mandelbrot smptehdbars testsrc2 cellauto)
for i in $(seq 0 $((count - 1))); do
  size=${sizes[$((i % 5))]}; rate=${rates[$(((i / 5) % 5))]}; src=${sources[$(((i / 2) % 5))]}
  seconds=$((3 + i % 4)); keyint=$((30 + 30 * (i % 3)))
  input=(-f lavfi -i "$src=size=$size:rate=$rate,noise=alls=10:allf=t" -t "$seconds")
  [ "$src" = cellauto ] && input=(-f lavfi -i "cellauto=size=$size:rate=$rate,format=yuv420p,noise=alls=10:allf=t" -t "$seconds")
  audio=(); [ $((i % 2)) -eq 0 ] && audio=(-f lavfi -i "sine=frequency=330:duration=$seconds" -c:a aac -shortest)
  case $((i % 6)) in
    0) ff "${input[@]}" "${audio[@]}" -c:v libx264 -preset veryfast -g $keyint -pix_fmt yuv420p "$dir/clips/c$i.mp4" ;;
    1) ff "${input[@]}" "${audio[@]}" -c:v libx264 -preset veryfast -g $keyint -pix_fmt yuv420p "$dir/clips/c$i.mkv" ;;
    2) ff "${input[@]}" -c:v libvpx-vp9 -deadline realtime -cpu-used 8 -g $keyint "$dir/clips/c$i.webm" ;;
    3) ff "${input[@]}" "${audio[@]}" -c:v libx265 -preset superfast -x265-params log-level=error -g $keyint -pix_fmt yuv420p "$dir/clips/c$i.mp4" ;;
    4) ff "${input[@]}" -c:v mpeg4 -q:v 4 -g $keyint "$dir/clips/c$i.avi" ;;
    5) ff "${input[@]}" "${audio[@]}" -c:v libx264 -preset veryfast -g $keyint -pix_fmt yuv420p -movflags +faststart "$dir/clips/c$i.mov" ;;
  esac
done
for i in 0 1 2; do ff -f lavfi -i "testsrc2=size=640x360:rate=1" -frames:v 1 "$dir/clips/image$i.$([ $i = 1 ] && echo png || echo jpg)"; done
# Broken files: truncations, corruption in the middle, empty, random, audio only, wrong content.
python3 - "$dir" <<'PY'
import os, random, sys
d = sys.argv[1]; rng = random.Random(7)
def data(name): return open(f"{d}/clips/{name}", "rb").read()
def put(name, b): open(f"{d}/broken/{name}", "wb").write(b)
a = data("c0.mp4"); put("truncated_moov_at_end.mp4", a[: len(a) // 2])
b = data("c5.mov"); put("truncated_faststart.mov", b[: len(b) * 6 // 10])
c = data("c1.mkv"); put("truncated.mkv", c[: len(c) // 2])
e = bytearray(data("c6.mp4")); m = len(e) // 2
e[m:m + 32768] = bytes(rng.randrange(256) for _ in range(32768)); put("corrupted_middle.mp4", bytes(e))
f = bytearray(data("c7.mkv")); m = len(f) // 2
f[m:m + 32768] = bytes(rng.randrange(256) for _ in range(32768)); put("corrupted_middle.mkv", bytes(f))
put("zero_bytes.mp4", b""); put("random_bytes.mp4", bytes(rng.randrange(256) for _ in range(1 << 20)))
put("html_403.mp4", b"<html><body><h1>403 Forbidden</h1></body></html>\n")
PY
ff -f lavfi -i "sine=frequency=440:duration=2" -c:a aac "$dir/broken/audio_only.mp4"
( echo path; ls "$dir/clips" | sed 's|^|clips/|'; ls "$dir/broken" | sed 's|^|broken/|' ) > "$dir/paths.csv"
ls "$dir/clips" | grep -v image | sed "s|^|$dir/clips/|" > "$dir/clips.txt"
echo "corpus: $(ls "$dir/clips" | wc -l) good files, $(ls "$dir/broken" | wc -l) broken, $(du -sh "$dir" | cut -f1)"
