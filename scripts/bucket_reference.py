"""A Python transcription of Open-Sora 2.0's documented bucket algorithm (shared reference
opensora.md §5.3-5.5: aspect.py, Bucket.get_bucket_id, the sampler's per-sample seeding), written
from the documentation, used as the reference strata's Swift implementation is compared against.

Imported by the other scripts in this folder; run directly it prints a table:
    python3 scripts/bucket_reference.py 256px 16
"""
import math
import sys

import numpy as np

RATIO_LIST = ["2.39:1", "2:1", "16:9", "1.85:1", "9:16", "5:8", "3:2", "4:3", "1:1"]


def get_ratio(name):
    width, height = map(float, name.split(":"))
    return height / width


def aspect_ratios(total_pixels, D, training=True):
    table, mirrors = {}, {}
    for ratio in RATIO_LIST:
        w_r, h_r = map(float, ratio.split(":"))
        width = int(math.sqrt(total_pixels * (w_r / h_r)) // D) * D
        height = int((total_pixels / width) // D) * D
        if training:
            diff = abs(height * width - total_pixels)
            for h, w in [(height - D, width), (height + D, width), (height, width - D), (height, width + D)]:
                if abs(h * w - total_pixels) < diff:
                    height, width, diff = h, w, abs(h * w - total_pixels)
        if (height, width) not in table.values() or not training:
            table[ratio] = (height, width)
            mirrors[":".join(ratio.split(":")[::-1])] = (width, height)
    table.update(mirrors)
    return table


def num_pixels(name):
    base = name.split("_")[0]
    if base.endswith("px"):
        size = int(base[:-2])
        return size * size
    if base.endswith("p"):
        size = int(base[:-1])
        return int(size * size / 9 * 16)
    raise ValueError(f"Invalid resolution {name}")


def resolution_table(name, D):
    parts = name.split("_")
    setting = "" if len(parts) == 1 else parts[1]
    pixels = num_pixels(name)
    table = aspect_ratios(pixels, D)
    if setting == "max":
        key = max(table, key=lambda k: table[k][0] * table[k][1])
        table = {key: table[key]}
    elif setting.startswith("ar"):
        key = setting[2:]
        table = {key: table[key]}
    return pixels, table


def closest_ratio(height, width, ratios):
    ar = height / width
    return min(ratios.keys(), key=lambda r: abs(ar - get_ratio(r)))


def map_target_fps(fps, fps_max):
    if math.isnan(fps):
        return 0, 1
    if fps < fps_max:
        return fps, 1
    interval = math.ceil(fps / fps_max)
    return math.floor(fps / interval), interval


class Bucket:
    def __init__(self, bucket_config, D=16):
        tables = {name: resolution_table(name, D) for name in bucket_config}
        self.names = sorted(bucket_config, key=lambda n: tables[n][0], reverse=True)
        self.pixels = {n: tables[n][0] for n in self.names}
        self.ratios = {n: tables[n][1] for n in self.names}
        self.probs = {n: {t: bucket_config[n][t][0] for t in sorted(bucket_config[n], reverse=True)} for n in self.names}
        self.bs = {n: {t: bucket_config[n][t][1] for t in bucket_config[n]} for n in self.names}
        self.num_bucket = sum(len(self.ratios[n]) * len(bucket_config[n]) for n in self.names)

    def get_bucket_id(self, T, H, W, fps, seed, fps_max):
        _, interval = map_target_fps(fps, fps_max)
        T = T // interval
        pixels = H * W
        rng = np.random.default_rng(seed)
        for res in self.names:
            if pixels < self.pixels[res] * 0.8:
                continue
            frames = self.probs[res]
            if T == 1:
                if 1 in frames and rng.random() < frames[1]:
                    return res, 1, closest_ratio(H, W, self.ratios[res])
                continue
            for t, prob in frames.items():
                if T >= t and t != 1:
                    if isinstance(prob, tuple):
                        p_hw, p_t = prob
                        if p_t >= 1 or rng.random() <= p_t:
                            continue
                    else:
                        p_hw = prob
                    if p_hw >= 1 or rng.random() <= p_hw:
                        return res, t, closest_ratio(H, W, self.ratios[res])
                    break
        return None


def apply(row, method=None, seed=None, num_bucket=None, fps_max=16):
    """The sampler's per-row call: seed = sampler seed + epoch + id × num_bucket."""
    return method(row["num_frames"], row["height"], row["width"], row["fps"], seed + row["id"] * num_bucket, fps_max)


# Open-Sora 2.0's stage configs (opensora.md §1.4), for the documented test vectors.
def _frames(first, last, value):
    return {t: value for t in range(first, last + 1, 4)}


STAGE1 = {
    "256px": {1: (1.0, 45), **_frames(5, 33, (1.0, 12)), **_frames(37, 65, (1.0, 6)),
              **_frames(69, 97, (1.0, 4)), **_frames(101, 129, (1.0, 3))},
    "768px": {1: (0.5, 13)},
    "1024px": {1: (0.5, 7)},
}
STAGE2 = {
    "256px": {1: (1.0, 130), **_frames(5, 33, (1.0, 14)), **_frames(37, 65, (1.0, 10)),
              **_frames(73, 97, (1.0, 7)), **_frames(101, 129, (1.0, 6))},
    "768px": {1: (1.0, 38), **_frames(5, 33, (1.0, 6)), **_frames(37, 65, (1.0, 4)),
              **_frames(69, 97, (1.0, 3)), **_frames(101, 129, (1.0, 2))},
}

if __name__ == "__main__":
    name, D = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 16
    pixels, table = resolution_table(name, D)
    print(name, pixels)
    for key, (h, w) in table.items():
        print(f"  {key:8} {h}x{w}")
