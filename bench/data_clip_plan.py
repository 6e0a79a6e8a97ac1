#!/usr/bin/env python3
"""Writes a clip-read plan: SAMPLES lines 'path<TAB>start', uniform random clip and start (seeded),
only clips with at least FRAMES frames (counted by demuxing packets). Usage: data_clip_plan.py CLIPS.txt SAMPLES OUT.tsv"""
import random, sys
import av

clips, samples, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
rng = random.Random(11)
counts = {}
for path in open(clips).read().split():
    with av.open(path) as container:
        counts[path] = sum(1 for p in container.demux(video=0) if p.size)
usable = [p for p, n in counts.items() if n >= 40]
with open(out, "w") as handle:
    for _ in range(samples):
        path = rng.choice(usable)
        handle.write(f"{path}\t{rng.randrange(0, counts[path] - 33 - 2)}\n")
