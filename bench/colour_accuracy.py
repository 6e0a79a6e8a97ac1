#!/usr/bin/env python3
"""Learning, measured: do samples show the colour their prompt names?

For every demo palette colour C and a few prompts in the demo's caption grammar whose background
is C ("a white circle on a red background"), `strata sample` draws images from a trained run on
held-out seeds (the noise seeds are not the training seed). A sample's dominant colour is the
palette colour nearest to the most of its pixels; it counts as right when that is C. Chance is
1/len(palette) for a sampler that ignores the prompt, and the share of the commonest prediction
is printed too (a model that always paints one colour scores 1/len(palette) here).

    python3 bench/colour_accuracy.py RUN_DIR [--strata .build/release/strata] [--seeds 3]
        [--frames 9] [--resolution 32px] [--guidance 4] [--out DIR]
"""
import argparse
import collections
import os
import subprocess
import sys
import tempfile

import numpy as np

# The palette of `strata data demo` (Sources/DataPrep/Demo/DemoPalette.swift).
PALETTE = {
    "red": (210, 25, 30), "green": (40, 170, 60), "blue": (40, 70, 220), "yellow": (250, 230, 45),
    "white": (245, 245, 245), "black": (20, 20, 20), "orange": (245, 125, 20), "purple": (135, 50, 175),
}
SHAPES = ["circle", "square", "triangle", "diamond"]


def article(word):
    return "an" if word[0] in "aeiou" else "a"


def prompts_for(background, count):
    """`count` captions with `background` behind shapes of other colours far enough from it
    (the demo generator's rule: RGB distance >= 100), shapes and shape colours taken in turn."""
    bg = np.array(PALETTE[background], dtype=float)
    others = [name for name, rgb in PALETTE.items()
              if name != background and np.linalg.norm(np.array(rgb, dtype=float) - bg) >= 100]
    start = list(PALETTE).index(background)
    out = []
    for i in range(count):
        colour = others[(start + i) % len(others)]
        shape = SHAPES[(start + i) % len(SHAPES)]
        out.append(f"{article(colour)} {colour} {shape} on {article(background)} {background} background")
    return out


def read_frames(path):
    """The mp4's frames as uint8 [N, H, W, 3], through the ffmpeg CLI."""
    probe = subprocess.run(["ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
                            "stream=width,height", "-of", "csv=p=0", path], capture_output=True, text=True, check=True)
    width, height = map(int, probe.stdout.strip().split(","))
    raw = subprocess.run(["ffmpeg", "-v", "error", "-i", path, "-f", "rawvideo", "-pix_fmt", "rgb24", "-"],
                         capture_output=True, check=True).stdout
    return np.frombuffer(raw, dtype=np.uint8).reshape(-1, height, width, 3)


def dominant_colour(frames):
    names = list(PALETTE)
    centres = np.array([PALETTE[n] for n in names], dtype=float)
    pixels = frames.reshape(-1, 3).astype(float)
    nearest = np.argmin(((pixels[:, None, :] - centres[None, :, :]) ** 2).sum(-1), axis=1)
    counts = np.bincount(nearest, minlength=len(names))
    return names[int(counts.argmax())], counts.max() / counts.sum()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("run")
    parser.add_argument("--strata", default=".build/release/strata")
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--prompts", type=int, default=2, help="prompts per colour")
    parser.add_argument("--frames", type=int, default=9)
    parser.add_argument("--resolution", default="32px")
    parser.add_argument("--guidance", default="4")
    parser.add_argument("--out", default=None, help="keep the samples here (default: a temporary folder)")
    args = parser.parse_args()
    if args.out is None:
        with tempfile.TemporaryDirectory(prefix="strata-colour-") as scratch:
            return measure(args, scratch)
    os.makedirs(args.out, exist_ok=True)
    return measure(args, args.out)


def measure(args, out):
    right, total = 0, 0
    predicted = collections.Counter()
    per_colour = {}
    for colour in PALETTE:
        hits = 0
        for p, prompt in enumerate(prompts_for(colour, args.prompts)):
            for s in range(args.seeds):
                seed = 1000 + s  # held out: training draws its noise from the stage seed (42)
                video = os.path.join(out, f"{colour}-{p}-seed{seed}.mp4")
                subprocess.run([args.strata, "sample", args.run, "--prompt", prompt, "--num-frames", str(args.frames),
                                "--resolution", args.resolution, "--guidance", args.guidance, "--seed", str(seed),
                                "--output", video], check=True, stdout=subprocess.DEVNULL)
                name, share = dominant_colour(read_frames(video))
                predicted[name] += 1
                hits += name == colour
                total += 1
        per_colour[colour] = hits
        right += hits
    trials = args.prompts * args.seeds
    print("colour accuracy:", " ".join(f"{c} {h}/{trials}" for c, h in per_colour.items()))
    commonest, count = predicted.most_common(1)[0]
    print(f"accuracy {right}/{total} = {right / total:.3f}; chance 1/{len(PALETTE)} = {1 / len(PALETTE):.3f}; "
          f"ratio {right / total * len(PALETTE):.2f}x; commonest prediction {commonest} ({count}/{total})")
    if args.out:
        print(f"samples in {out}")


if __name__ == "__main__":
    sys.exit(main())
