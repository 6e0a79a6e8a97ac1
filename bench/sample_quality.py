#!/usr/bin/env python3
"""Learning, measured: do the demo's samples draw what their prompts say?

Held-out data: `strata data demo` with seeds training never used writes clips in the demo's own
grammar ("a yellow circle moves right over a blue background"); clips whose caption occurs in the
training table are left out. Each clip's caption is a prompt, and its first frame (resize-cropped
by `strata sample` itself) is the picture for image-to-video.

Every sample is read back from its PNG contact sheet (lossless) and scored against what the demo
generator draws for the prompt (flat palette colours, hard-edged shapes, straight-line motion):

  background   the palette colour nearest to most pixels is the prompted background
  shape        fitting each shape's template (the generator's own geometry) to the foreground mask,
               the best intersection-over-union is the prompted shape (majority over the frames)
  foreground   the palette colour nearest to most non-background pixels is the prompted shape colour,
               and they form one region of at least 1/32 of the frame (scattered grain is no shape)
  motion       the foreground centroid's path from the first to the last frame goes the prompted way
               (left/right/up/down; prompts of moving shapes only)
  noise        RMS (in 1/255) of the sample minus its flat rendering: the fitted shape and the
               background, each filled with its own mean colour; pixels at the shape's edge excluded

`--mean-clip` instead samples each direction's prompt with one step from pure noise, which gives
the model's clean latent for the caption alone (the mean clip it has learned), and prints how far
its foreground centroid moves from the first frame to the last: a model that has learned which
way a caption moves drifts the prompted way here before its samples can.

For image-to-video (`--i2v`), frames 1..T-1 are scored against the conditioning picture (frame 0):
its background colour, shape colour and shape, and the caption's motion. Chance is printed beside
every score: 1/8 colours (1/7 for a shape colour, which differs from its background), 1/4 shapes,
1/4 directions. The same scorer run on the held-out clips themselves (`reference`) shows what a
perfect sampler would score.

    python3 bench/sample_quality.py RUN_DIR [--i2v] [--strata .build/release/strata] [--prompts 24]
        [--frames 9] [--steps 30] [--guidance 4] [--guidance-interval 0,1] [--out DIR] [--each] [--sample-args '...'] [--mean-clip]
"""
import argparse
import collections
import csv
import os
import shlex
import subprocess
import sys
import tempfile

import numpy as np

# The palette of `strata data demo` (Sources/DataPrep/Demo/DemoPalette.swift).
PALETTE = {
    "red": (210, 25, 30), "green": (40, 170, 60), "blue": (40, 70, 220), "yellow": (250, 230, 45),
    "white": (245, 245, 245), "black": (20, 20, 20), "orange": (245, 125, 20), "purple": (135, 50, 175),
}
NAMES = list(PALETTE)
CENTRES = np.array([PALETTE[n] for n in NAMES], dtype=float)
SHAPES = ["circle", "square", "triangle", "diamond"]
DIRECTIONS = ["left", "right", "up", "down"]


def parse_caption(text):
    """(shape colour, shape, motion, background) of a caption in the demo's grammar."""
    words = text.replace(",", " ").split()
    background = words[words.index("background") - 1]
    if words[1] == "still":
        return words[2], words[3], "still", background
    motion = words[words.index("moves") + 1] if "moves" in words else "still"
    return words[1], words[2], motion, background


def covers(shape, u, v, side):
    """The generator's geometry (DemoRenderer.swift `covers`), vectorised over pixel centres."""
    half = side / 2
    du, dv = np.abs(u - half), np.abs(v - half)
    inside = (u >= 0) & (v >= 0) & (u < side) & (v < side)
    if shape == "square":
        return inside
    if shape == "circle":
        return inside & (du * du + dv * dv <= half * half)
    if shape == "triangle":
        return inside & (du <= v / 2)
    return inside & (du + dv <= half)


def read_sheet(path, frames, width=32, height=32):
    """The sample's frames as float [T, H, W, 3], read from its contact sheet (lossless): the sheet
    (ContactSheet.swift) scales each width × height frame up by a whole factor, leaves a gap of
    max(2, scale) between frames and prints the frame number on a black box in each frame's top
    left corner. Each frame pixel is read at its block's bottom-right sheet pixel; the few blocks
    the number's box covers whole are read from the mp4 beside the sheet instead."""
    probe = subprocess.run(["ffprobe", "-v", "error", "-show_entries", "stream=width,height", "-of", "csv=p=0", path],
                           capture_output=True, text=True, check=True)
    sheet_width, sheet_height = map(int, probe.stdout.strip().split(",")[:2])
    raw = subprocess.run(["ffmpeg", "-v", "error", "-i", path, "-f", "rawvideo", "-pix_fmt", "rgb24", "-"],
                         capture_output=True, check=True).stdout
    sheet = np.frombuffer(raw, dtype=np.uint8).reshape(sheet_height, sheet_width, 3).astype(float)
    scale = sheet_height // height
    gap = max(2, scale) if frames > 1 else 0
    assert frames * width * scale + (frames - 1) * gap == sheet_width, f"{path}: not a sheet of {frames} frames of {width}×{height}"
    rows = np.arange(height) * scale + scale - 1
    columns = np.arange(width) * scale + scale - 1
    out = np.stack([sheet[rows][:, i * (width * scale + gap) + columns] for i in range(frames)])
    # The number's box: (digits·4 + 1)·dot wide, 7·dot tall, dot = clamp(cell height / 64, 1, 3).
    dot = max(1, min(3, height * scale // 64))
    box_height = 7 * dot
    video = None
    for i in range(frames):
        box_width = (len(str(i)) * 4 + 1) * dot
        hidden = (rows[:, None] < box_height) & (columns[None, :] < box_width)
        if hidden.any():
            if video is None:
                video = read_clip(path[:-4] + ".mp4", width, height, None)
            out[i][hidden] = video[i][hidden]
    return out


def read_clip(path, width, height, frames):
    """`frames` frames spread evenly over the whole video (the shape's whole path, as the prompt
    describes it), resize-cropped to width × height like training's resize_crop (scale to cover,
    centre crop), as float [T, H, W, 3]; every frame when `frames` is None."""
    raw = subprocess.run(["ffmpeg", "-v", "error", "-i", path, "-vf",
                          f"scale={width}:{height}:force_original_aspect_ratio=increase:flags=bilinear,crop={width}:{height}",
                          "-f", "rawvideo", "-pix_fmt", "rgb24", "-"],
                         capture_output=True, check=True).stdout
    video = np.frombuffer(raw, dtype=np.uint8).reshape(-1, height, width, 3).astype(float)
    if frames is None:
        return video
    return video[np.linspace(0, len(video) - 1, frames).round().astype(int)]


def nearest(pixels):
    """Palette index of every pixel of [..., 3]."""
    return np.argmin(((pixels[..., None, :] - CENTRES) ** 2).sum(-1), axis=-1)


def largest_component(mask):
    """The largest 4-connected region of a boolean [H, W] mask: every pixel takes the smallest
    label among its 4-neighbours inside the mask until nothing changes (vectorised, no Python
    loop over pixels)."""
    if not mask.any():
        return np.zeros_like(mask)
    unset = mask.size
    labels = np.where(mask, np.arange(mask.size).reshape(mask.shape), unset)
    while True:
        padded = np.pad(labels, 1, constant_values=unset)
        neighbours = np.minimum.reduce([padded[1:-1, 1:-1], padded[:-2, 1:-1], padded[2:, 1:-1],
                                        padded[1:-1, :-2], padded[1:-1, 2:]])
        spread = np.where(mask, neighbours, unset)
        if np.array_equal(spread, labels):
            break
        labels = spread
    values, counts = np.unique(labels[mask], return_counts=True)
    return labels == values[counts.argmax()]


def fit_shape(mask):
    """(shape, IoU, template) of the shape template that best covers the mask: each shape's
    bounding square placed and sized around the mask's bounding box, clipped by the frame."""
    ys, xs = np.nonzero(mask)
    if len(xs) < 4:
        return None, 0.0, np.zeros_like(mask)
    height, width = mask.shape
    vv, uu = np.mgrid[0:height, 0:width] + 0.5
    x0, x1, y0, y1 = xs.min(), xs.max() + 1, ys.min(), ys.max() + 1
    extent = max(x1 - x0, y1 - y0)
    best = (None, -1.0, None)
    for shape in SHAPES:
        for side in range(max(3, extent - 2), extent + 3):
            # A shape cut by the frame edge has a bounding box smaller than its square.
            offsets = sorted({x0, x1 - side, x0 - 1, x0 + 1, (x0 + x1 - side) // 2})
            ox, oy = (np.array(o, dtype=float)[:, None] for o in np.meshgrid(offsets, [y0, y1 - side, y0 - 1, y0 + 1, (y0 + y1 - side) // 2]))
            templates = covers(shape, uu.ravel()[None] - ox.ravel()[:, None], vv.ravel()[None] - oy.ravel()[:, None], side)
            templates = templates.reshape(-1, height, width)
            union = (templates | mask).sum(axis=(1, 2))
            ious = np.where(union > 0, (templates & mask).sum(axis=(1, 2)) / np.maximum(union, 1), 0.0)
            top = int(ious.argmax())
            if ious[top] > best[1]:
                best = (shape, float(ious[top]), templates[top])
    return best


class FrameReading:
    """What one frame shows: background, foreground colour, mask, shape, centroid, residual."""

    def __init__(self, frame, background=None):
        labels = nearest(frame)
        counts = np.bincount(labels.ravel(), minlength=len(NAMES))
        self.background = NAMES[int(counts.argmax())] if background is None else background
        bg = NAMES.index(self.background)
        others = counts.copy()
        others[bg] = 0
        self.foreground = NAMES[int(others.argmax())] if others.sum() else None
        self.mask = np.zeros(labels.shape, dtype=bool)
        if self.foreground is not None:
            # Foreground: pixels nearer the shape colour than the background colour, in one piece.
            fg_rgb, bg_rgb = CENTRES[NAMES.index(self.foreground)], CENTRES[bg]
            closer = ((frame - fg_rgb) ** 2).sum(-1) < ((frame - bg_rgb) ** 2).sum(-1)
            self.mask = largest_component(closer)
            # Scattered noise of a tint is no shape: the generator's shapes cover at least a
            # quarter of their source frame, so a region under 1/32 of the frame is none at all.
            if self.mask.sum() < labels.size / 32:
                self.foreground, self.mask = None, np.zeros(labels.shape, dtype=bool)
        self.shape, self.iou, template = fit_shape(self.mask)
        ys, xs = np.nonzero(self.mask)
        self.centroid = (xs.mean(), ys.mean()) if len(xs) else None
        self.residual = residual(frame, template if self.shape else self.mask)


def residual(frame, template):
    """RMS of the frame minus its flat rendering (each side of `template` filled with its mean
    colour), away from the template's edge (a 1-pixel band on either side is left out)."""
    flat = np.empty_like(frame)
    for region in (template, ~template):
        if region.any():
            flat[region] = frame[region].mean(axis=0)
    padded = np.pad(template, 1, mode="edge")
    edge = np.zeros_like(template)
    for dy in (-1, 0, 1):
        for dx in (-1, 0, 1):
            edge |= padded[1 + dy:1 + dy + template.shape[0], 1 + dx:1 + dx + template.shape[1]] != template
    keep = ~edge
    if not keep.any():
        return 0.0
    return float(np.sqrt(((frame - flat)[keep] ** 2).mean()))


def direction(readings):
    """left/right/up/down of the centroid's path from the first to the last frame with a centroid,
    'still' when it moves less than a tenth of the frame."""
    points = [r.centroid for r in readings if r.centroid is not None]
    if len(points) < 2:
        return "still"
    dx, dy = points[-1][0] - points[0][0], points[-1][1] - points[0][1]
    size = readings[0].mask.shape[1]
    if max(abs(dx), abs(dy)) < size / 10:
        return "still"
    if abs(dx) >= abs(dy):
        return "right" if dx > 0 else "left"
    return "down" if dy > 0 else "up"


class Tally:
    def __init__(self):
        self.hits = collections.Counter()
        self.trials = collections.Counter()
        self.frame_noise = []  # per sample, the residual of each frame

    @property
    def noise(self):
        """Per sample, the mean residual over its frames."""
        return [np.mean(frames) for frames in self.frame_noise]

    def add(self, name, hit):
        self.trials[name] += 1
        self.hits[name] += bool(hit)

    def line(self, name, chance):
        n, h = self.trials[name], self.hits[name]
        if n == 0:
            return f"  {name:<11} -"
        return f"  {name:<11} {h:>3}/{n:<3} = {h / n:5.1%}   chance {chance:5.1%}   ratio {h / n / chance:4.1f}x"


def score(frames, truth, tally, i2v):
    """Scores one sample [T, H, W, 3] against `truth` (colour, shape, motion, background)."""
    colour, shape, motion, background = truth
    scored = frames[1:] if i2v else frames
    readings = [FrameReading(f) for f in frames]
    judged = readings[1:] if i2v else readings
    tally.add("background", collections.Counter(r.background for r in judged).most_common(1)[0][0] == background)
    # Shape and colour of the foreground seen against the prompted background, so that a sample
    # with the wrong background is not also counted wrong on everything else.
    against = [FrameReading(f, background=background) for f in scored]
    fg = collections.Counter(r.foreground for r in against).most_common(1)[0][0]
    tally.add("foreground", fg == colour)
    shapes = collections.Counter(r.shape for r in against)
    tally.add("shape", shapes.most_common(1)[0][0] == shape)
    # For i2v only the generated frames count: the picture's place is given, and a sample that
    # forgets it for a centred shape would otherwise "move" from the picture toward the centre.
    seen = direction(judged) if len(judged) > 1 else "-"
    if motion != "still" and len(frames) > 1:
        tally.add("motion", seen == motion)
    tally.frame_noise.append([r.residual for r in readings])
    return (collections.Counter(r.background for r in judged).most_common(1)[0][0], fg,
            shapes.most_common(1)[0][0], seen, np.mean(tally.frame_noise[-1]))


def heldout_clips(strata, folder, count, training_captions, pictures=False):
    """`count` held-out clips (path, caption): demo datasets from seeds 1000, 1001, … until enough
    clips have captions that training never saw; with `pictures`, held-out pictures instead."""
    clips, seen = [], set()
    kinds = ["--videos", "0", "--images", "48"] if pictures else ["--videos", "48", "--images", "0"]
    for seed in range(1000, 1020):
        target = os.path.join(folder, f"heldout-{seed}")
        subprocess.run([strata, "data", "demo", target] + kinds + ["--seed", str(seed)],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        with open(os.path.join(target, "meta.csv"), newline="") as table:
            for row in csv.DictReader(table):
                caption = row["text"]
                if caption in training_captions or caption in seen:
                    continue
                seen.add(caption)
                clips.append((os.path.join(target, row["path"]), caption))
        # Balanced over motions: moving clips are most of the table.
        if len(clips) >= 3 * count:
            break
    if pictures:
        return clips[:count]
    # Take moving clips and still ones in the table's proportion, moving first in each round.
    moving = [c for c in clips if parse_caption(c[1])[2] != "still"]
    still = [c for c in clips if parse_caption(c[1])[2] == "still"]
    chosen = moving[: count - count // 6] + still[: count // 6]
    return chosen[:count]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("run")
    parser.add_argument("--strata", default=".build/release/strata")
    parser.add_argument("--i2v", action="store_true", help="image-to-video: condition on each clip's first frame")
    parser.add_argument("--prompts", type=int, default=24)
    parser.add_argument("--frames", type=int, default=9)
    parser.add_argument("--steps", type=int, default=30)
    parser.add_argument("--guidance", default="4")
    parser.add_argument("--guidance-interval", default="0,1",
                        help="the times t (1: pure noise) at which the guidance applies, as `strata sample` takes it")
    parser.add_argument("--table", default="outputs/demo-data/meta.csv", help="the training table (its captions are not held out)")
    parser.add_argument("--out", default=None, help="keep the samples here (default: a temporary folder)")
    parser.add_argument("--suffix", default="", help="appended to every prompt, e.g. ' 8.0 FPS.' (training's caption suffix)")
    parser.add_argument("--each", action="store_true", help="print what each sample shows")
    parser.add_argument("--pictures", action="store_true",
                        help="prompt with held-out picture captions (no motion words) at 1 frame: the image stage's own grammar")
    parser.add_argument("--sample-args", default="", help="more `strata sample` arguments, e.g. '--steps 10'")
    parser.add_argument("--mean-clip", action="store_true",
                        help="print the drift of the one-step mean clip for each direction instead of scoring samples")
    args = parser.parse_args()
    if args.mean_clip and (args.i2v or args.pictures):
        parser.error("--mean-clip samples text-to-video clips; it takes neither --i2v nor --pictures")
    if args.out is None:
        with tempfile.TemporaryDirectory(prefix="strata-quality-") as scratch:
            return measure(args, scratch)
    os.makedirs(args.out, exist_ok=True)
    return measure(args, args.out)


def sample(args, prompt, seed, video, steps, image=None):
    """Runs `strata sample` for `prompt` and returns its frames [T, H, W, 3], read from the sheet."""
    command = [args.strata, "sample", args.run, "--prompt", prompt, "--num-frames", str(args.frames),
               "--steps", str(steps), "--guidance", args.guidance, "--guidance-interval", args.guidance_interval,
               "--seed", str(seed), "--output", video]
    if image:
        command += ["--image", image]
    subprocess.run(command + shlex.split(args.sample_args), check=True, stdout=subprocess.DEVNULL)
    return read_sheet(video[:-4] + ".png", args.frames)


def mean_clip_drift(args, out):
    """Centroid drift (first → last frame, pixels) of one-step samples, per prompted direction.
    The foreground weight of a pixel is its projection onto the prompted background → shape colour
    axis, so the blurred mean clip still has a centroid."""
    pairs = [("red", "blue"), ("yellow", "black"), ("white", "green")]
    print(f"mean clip (1 step, guidance {args.guidance}): centroid drift over {args.frames} frames, "
          f"3 colour pairs each")
    for motion in ("left", "right", "up", "down"):
        drifts = []
        for seed, (colour, background) in enumerate(pairs, start=1):
            prompt = f"a {colour} circle moves {motion} over a {background} background"
            frames = sample(args, prompt, seed, os.path.join(out, f"mean-{motion}-{seed}.mp4"), steps=1).astype(float)
            shape, ground = np.array(PALETTE[colour], float), np.array(PALETTE[background], float)
            axis = shape - ground
            weight = np.clip(((frames - ground) @ axis) / (axis @ axis), 0, 1)
            ys, xs = np.mgrid[0:weight.shape[1], 0:weight.shape[2]]
            mass = weight.sum(axis=(1, 2)) + 1e-9
            cx, cy = (weight * xs).sum(axis=(1, 2)) / mass, (weight * ys).sum(axis=(1, 2)) / mass
            drifts.append((cx[-1] - cx[0], cy[-1] - cy[0]))
        dx, dy = np.mean(drifts, axis=0)
        print(f"  {motion:<6} dx {dx:+6.2f}  dy {dy:+6.2f}   " + "  ".join(f"({a:+.1f}, {b:+.1f})" for a, b in drifts))
    return 0


def measure(args, out):
    if args.mean_clip:
        return mean_clip_drift(args, out)
    training = set()
    if os.path.exists(args.table):
        with open(args.table, newline="") as table:
            training = {row["text"] for row in csv.DictReader(table)}
    if args.pictures:
        args.frames = 1
    clips = heldout_clips(args.strata, out, args.prompts, training, args.pictures)
    sampled, reference = Tally(), Tally()
    for index, (clip, caption) in enumerate(clips):
        truth = parse_caption(caption)
        seed = 2000 + index  # held out: training draws its noise from the stage seed (42)
        frames = sample(args, caption + args.suffix, seed, os.path.join(out, f"sample-{index:02d}.mp4"), args.steps,
                        image=clip if args.i2v else None)
        if args.i2v:
            # The conditioning picture as the sampler resize-cropped it: frame 0 of the sample.
            first = FrameReading(frames[0])
            truth = (first.foreground, first.shape, truth[2], first.background)
        seen = score(frames, truth, sampled, args.i2v)
        if args.each:
            print("  {:<55} seen: {} {} {} on {}, noise {:.1f}".format(
                caption, seen[1], seen[2], seen[3], seen[0], seen[4]))
        height, width = frames.shape[1:3]
        clip_frames = read_clip(clip, width, height, args.frames)
        if len(clip_frames) == args.frames:
            score(clip_frames, parse_caption(caption), reference, False)
    kind = "image-to-video, frames 1.." + str(args.frames - 1) + " against the picture" if args.i2v else "text-to-video"
    print(f"sample quality ({kind}): {len(clips)} held-out prompts, {args.frames} frames, {args.steps} steps, "
          f"guidance {args.guidance} at t in [{args.guidance_interval}] {args.sample_args}".rstrip())
    for tally, label in ((sampled, "samples"), (reference, "reference (the held-out clips themselves)")):
        print(f" {label}:")
        print(tally.line("background", 1 / 8))
        print(tally.line("shape", 1 / 4))
        print(tally.line("foreground", 1 / 7))
        print(tally.line("motion", 1 / 4))
        print(f"  noise       {np.mean(tally.noise):5.1f}/255 RMS (median {np.median(tally.noise):.1f})")
        if args.frames > 1 and tally.frame_noise:
            print("  by frame    " + " ".join(f"{v:.1f}" for v in np.mean(tally.frame_noise, axis=0)))
    if args.out:
        print(f"samples in {out}")


if __name__ == "__main__":
    sys.exit(main())
