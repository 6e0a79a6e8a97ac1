#!/usr/bin/env python3
"""Python baselines for the data benchmarks (PyAV, multiprocessing with N workers).

  probe    PATHS.csv   av.open + stream fields per file (runs find_stream_info), as PyAV tools do
  metapy   PATHS.csv   what Open-Sora's scripts/cnv/meta.py does: decode every frame to RGB and count
  clipseek PLAN.tsv    seek to the keyframe, decode T frames, 2-pass sws (scale in YUV, then rgb24), crop
  clipall  PLAN.tsv    read_video(backend="av") style: decode the whole file to rgb24, slice, crop
Prints one line: the rate.  Usage: data_pyav.py MODE FILE --workers N [--frames 33 --size 256]
"""
import argparse, csv, math, os, time
from multiprocessing import Pool

import av
import numpy as np

av.logging.set_level(av.logging.PANIC)
FRAMES, SIZE = 33, 256


def probe(path):
    try:
        with av.open(path) as container:
            stream = container.streams.video[0]
            fps = stream.average_rate
            return (stream.frames, stream.codec_context.height, stream.codec_context.width,
                    float(fps) if fps else None, os.path.getsize(path))
    except Exception as error:  # one broken file must not stop the run
        return ("error", str(error))


def metapy(path):
    try:
        with av.open(path) as container:
            frames = [f.to_ndarray(format="rgb24") for f in container.decode(video=0)]
            h, w = frames[0].shape[:2]
            return (len(frames), h, w)
    except Exception as error:
        return ("error", str(error))


def cover(w, h):
    scale = max(SIZE / w, SIZE / h)
    return max(SIZE, round(w * scale)), max(SIZE, round(h * scale))


def crop_float(frames):
    clip = np.stack(frames)
    h, w = clip.shape[1:3]
    y, x = (h - SIZE) // 2, (w - SIZE) // 2
    return clip[:, y:y + SIZE, x:x + SIZE].astype(np.float32) / 127.5 - 1


def clipseek(job):
    path, start = job
    with av.open(path) as container:
        stream = container.streams.video[0]
        stream.thread_type = "NONE"
        fps = float(stream.average_rate)
        target = int(start / fps / stream.time_base)
        container.seek(target + (stream.start_time or 0), stream=stream, backward=True)
        out = []
        for frame in container.decode(stream):
            index = round(float((frame.pts - (stream.start_time or 0)) * stream.time_base) * fps)
            if index < start:
                continue
            w, h = cover(frame.width, frame.height)
            small = frame.reformat(width=w, height=h, interpolation="BILINEAR")
            out.append(small.reformat(format="rgb24").to_ndarray())
            if len(out) == FRAMES:
                break
        return crop_float(out).shape[0]


def clipall(job):
    path, start = job
    with av.open(path) as container:
        stream = container.streams.video[0]
        stream.thread_type = "NONE"
        frames = [f.to_ndarray(format="rgb24") for f in container.decode(stream)]
    window = frames[start:start + FRAMES]
    h, w = window[0].shape[:2]
    # Cover-scale by index sampling (cheaper than Open-Sora's float bilinear interpolation).
    cw, ch = cover(w, h)
    rows = (np.arange(ch) * h // ch)
    cols = (np.arange(cw) * w // cw)
    return crop_float([f[rows][:, cols] for f in window]).shape[0]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["probe", "metapy", "clipseek", "clipall"])
    parser.add_argument("file")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    if args.mode in ("probe", "metapy"):
        folder = os.path.dirname(os.path.abspath(args.file))
        with open(args.file) as handle:
            jobs = [os.path.join(folder, row["path"]) for row in csv.DictReader(handle)]
    else:
        with open(args.file) as handle:
            jobs = [(p, int(s)) for p, s in (line.rstrip("\n").split("\t") for line in handle if line.strip())]
    work = {"probe": probe, "metapy": metapy, "clipseek": clipseek, "clipall": clipall}[args.mode]
    started = time.perf_counter()
    with Pool(args.workers) as pool:
        results = pool.map(work, jobs, chunksize=1)
    elapsed = time.perf_counter() - started
    failed = sum(1 for r in results if isinstance(r, tuple) and r and r[0] == "error")
    unit = "clips" if args.mode.startswith("clip") else "files"
    print(f"pyav {args.mode}: {len(jobs)} {unit} in {elapsed:.2f} s = {len(jobs) / elapsed:.2f} {unit}/s ({failed} failed)")


if __name__ == "__main__":
    main()
