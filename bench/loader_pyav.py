#!/usr/bin/env python3
"""Python loaders for bench/loader_bench.sh: the same clips as the Swift loader (a plan of
'path<TAB>frame,frame,...' lines), Open-Sora's resize_crop to SIZE x SIZE, float32 [C,T,H,W] in
[-1, 1], batches of B stacked to [B,C,T,H,W] in plan order, N worker processes (multiprocessing
Pool.imap, ordered, as a DataLoader with N workers delivers in order).

  seek  seek to the keyframe before the first frame, decode up to the last, 2-pass sws (scale the
        whole frame to the cover size in YUV, then rgb24), crop, numpy float: the fast PyAV way
  all   Open-Sora's way: read_video(backend="av") decodes every frame of the file to rgb24, then
        temporal crop, torch float bilinear resize (align_corners=False), crop, normalise

Usage: loader_pyav.py MODE PLAN.tsv --workers N [--batch B] [--size S] [--limit K]
Prints one line: the rate.
"""
import argparse
import time
from multiprocessing import Pool

import av
import numpy as np

av.logging.set_level(av.logging.PANIC)
SIZE = 256


def geometry(h, w, th, tw):
    """Open-Sora's resize_crop_to_fill: resized size and crop offset."""
    rh, rw = th / h, tw / w
    if rh > rw:
        sh, sw = th, round(w * rh)
        return sh, sw, 0, int(round(sw - tw) / 2.0)
    sh, sw = round(h * rw), tw
    return sh, sw, int(round(sh - th) / 2.0), 0


def to_tensor(frames_uint8):
    """T x H x W x 3 uint8 -> 3 x T x H x W float32 in [-1, 1]."""
    clip = frames_uint8.astype(np.float32) / 255.0
    return np.ascontiguousarray(((clip - 0.5) / 0.5).transpose(3, 0, 1, 2))


def load_seek(job):
    path, indices = job
    wanted = {}
    for position, index in enumerate(indices):
        wanted.setdefault(index, []).append(position)
    out = [None] * len(indices)
    with av.open(path) as container:
        stream = container.streams.video[0]
        stream.thread_type = "NONE"
        fps = float(stream.average_rate)
        start = stream.start_time or 0
        container.seek(int(min(indices) / fps / stream.time_base) + start, stream=stream, backward=True)
        last = max(indices)
        for frame in container.decode(stream):
            index = round(float((frame.pts - start) * stream.time_base) * fps)
            if index in wanted:
                sh, sw, i, j = geometry(frame.height, frame.width, SIZE, SIZE)
                small = frame.reformat(width=sw, height=sh, interpolation="BILINEAR")
                rgb = small.reformat(format="rgb24").to_ndarray()[i:i + SIZE, j:j + SIZE]
                for position in wanted.pop(index):
                    out[position] = rgb
            if index >= last or not wanted:
                break
    if wanted:
        raise RuntimeError(f"{path}: frames {sorted(wanted)} not decoded")
    return to_tensor(np.stack(out))


def load_all(job):
    import torch
    torch.set_num_threads(1)
    path, indices = job
    with av.open(path) as container:
        stream = container.streams.video[0]
        stream.thread_type = "NONE"
        frames = np.stack([f.to_ndarray(format="rgb24") for f in container.decode(stream)])
    video = torch.from_numpy(frames[indices]).permute(0, 3, 1, 2).float() / 255.0  # T C H W
    sh, sw, i, j = geometry(video.shape[-2], video.shape[-1], SIZE, SIZE)
    video = torch.nn.functional.interpolate(video, size=(sh, sw), mode="bilinear", align_corners=False)
    video = (video[..., i:i + SIZE, j:j + SIZE] - 0.5) / 0.5
    return video.permute(1, 0, 2, 3).contiguous().numpy()


def main():
    global SIZE
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["seek", "all"])
    parser.add_argument("plan")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--batch", type=int, default=4)
    parser.add_argument("--size", type=int, default=256)
    parser.add_argument("--limit", type=int, default=0)
    args = parser.parse_args()
    SIZE = args.size
    with open(args.plan) as handle:
        jobs = [(p, [int(v) for v in s.split(",")]) for p, s in (line.rstrip("\n").split("\t") for line in handle if line.strip())]
    if args.limit:
        jobs = jobs[:args.limit]
    work = load_seek if args.mode == "seek" else load_all
    started = time.perf_counter()
    batches = 0
    with Pool(args.workers) as pool:
        pending = []
        for clip in pool.imap(work, jobs, chunksize=1):
            pending.append(clip)
            if len(pending) == args.batch:
                np.stack(pending)
                batches += 1
                pending = []
        if pending:
            np.stack(pending)
            batches += 1
    elapsed = time.perf_counter() - started
    print(f"pyav {args.mode} loader: {len(jobs)} clips in {elapsed:.2f} s = {len(jobs) / elapsed:.2f} clips/s")


if __name__ == "__main__":
    main()
