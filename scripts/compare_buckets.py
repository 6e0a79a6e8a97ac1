"""Differential check of `strata data buckets` against the Python transcription of Open-Sora 2.0's
bucket algorithm (scripts/bucket_reference.py, numpy default_rng, pandas apply as the sampler
does): generates a table, runs strata with --format json --assignments, and compares every row's
bucket id (None for a dropped row) and the per-bucket counts. Exit 1 on any difference.

    python3 scripts/compare_buckets.py STRATA_DATA_BINARY [ROWS] [EPOCH] [--opensora-config FILE]
(STRATA_DATA_BINARY: .build/debug/strata-data or .build/release/strata-data)

With --opensora-config, the buckets are those of an Open-Sora training config, given to strata
unchanged with Open-Sora's command-line spelling of the table (`FILE --dataset.data-path
TABLE.csv`); the reference reads the same file with mmengine (pip install mmengine).
"""
import json
import os
import subprocess
import sys
import tempfile

import numpy as np
import pandas as pd

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bucket_reference import Bucket, apply  # noqa: E402

# Open-Sora stage1-like buckets plus tuple probabilities, keep probabilities below 1 and suffixes.
CONFIG = {
    "1024px": {1: (0.5, 7)},
    "768px": {1: (0.5, 13), 33: ((0.8, 0.3), 4), 65: (0.6, 2)},
    "360p_max": {1: (0.4, 20), 17: (0.7, 8)},
    "256px": {1: (1.0, 45), 5: (1.0, 12), 17: ((1.0, 0.5), 12), 33: (1.0, 12), 49: (0.9, 6),
              65: (1.0, 6), 97: ((0.7, 0.2), 4), 129: (1.0, 3)},
    "256px_ar1:1": {9: (1.0, 16)},
}
D, FPS_MAX, SEED = 16, 24, 42


def config_yaml(csv_name):
    lines = [f"seed: {SEED}", f"ae_spatial_compression: {D}", "dataset:", f"  data_path: {csv_name}",
             f"  fps_max: {FPS_MAX}", "bucket_config:"]
    for res, frames in CONFIG.items():
        lines.append(f"  {res}:")
        for t, (p, bs) in frames.items():
            prob = f"!!python/tuple [{p[0]}, {p[1]}]" if isinstance(p, tuple) else str(p)
            lines.append(f"    {t}: !!python/tuple [{prob}, {bs}]")
    return "\n".join(lines) + "\n"


def generate(path, rows, seed=7):
    rs = np.random.default_rng(seed)
    common = np.array([(1080, 1920), (720, 1280), (1920, 1080), (480, 640), (256, 256), (1024, 1024),
                       (2048, 1024), (360, 640), (200, 200), (576, 1024), (17, 32), (768, 768)])
    pick = rs.integers(0, len(common), rows)
    random_hw = rs.integers(16, 2400, size=(rows, 2))
    use_common = rs.random(rows) < 0.6
    hw = np.where(use_common[:, None], common[pick], random_hw)
    image = rs.random(rows) < 0.3
    frames = np.where(image, 1, rs.integers(0, 400, rows))
    fps = np.where(image, np.nan, rs.choice([23.976, 24.0, 25.0, 29.97, 30.0, 50.0, 60.0, 120.0, 12.0], rows))
    df = pd.DataFrame({
        "path": [f"clip{i}.{'jpg' if im else 'mp4'}" for i, im in enumerate(image)],
        "text": "a caption, with a comma",
        "num_frames": frames, "height": hw[:, 0], "width": hw[:, 1],
        "aspect_ratio": hw[:, 0] / hw[:, 1], "resolution": hw[:, 0] * hw[:, 1], "fps": fps,
    })
    df.to_csv(path, index=False)


def reference_ids(csv_path, epoch, config=CONFIG, d=D, seed=SEED, fps_max=FPS_MAX):
    data = pd.read_csv(csv_path)
    data["id"] = data.index
    bucket = Bucket(config, d)
    ids = data.apply(apply, axis=1, method=bucket.get_bucket_id, seed=seed + epoch,
                     num_bucket=bucket.num_bucket, fps_max=fps_max)
    return [None if x is None else (x[0], int(x[1]), x[2]) for x in ids]


def open_sora_settings(path):
    """bucket_config, spatial compression, seed and fps_max of an Open-Sora config, as its trainer reads them."""
    from mmengine.config import Config
    cfg = Config.fromfile(path).to_dict()
    return dict(config=cfg["bucket_config"], d=cfg.get("ae_spatial_compression") or 16,
                seed=cfg.get("seed", 1024), fps_max=cfg["dataset"].get("fps_max", 16))


def main():
    arguments = sys.argv[1:]
    opensora = None
    if "--opensora-config" in arguments:
        at = arguments.index("--opensora-config")
        opensora = os.path.abspath(arguments[at + 1])
        del arguments[at:at + 2]
    binary = arguments[0]
    rows = int(arguments[1]) if len(arguments) > 1 else 100_000
    epoch = int(arguments[2]) if len(arguments) > 2 else 0
    with tempfile.TemporaryDirectory() as work:
        csv_path = os.path.join(work, "table.csv")
        generate(csv_path, rows)
        if opensora:
            command = [binary, "buckets", opensora, "--dataset.data-path", csv_path]
            settings = open_sora_settings(opensora)
        else:
            config_path = os.path.join(work, "buckets.yaml")
            with open(config_path, "w") as f:
                f.write(config_yaml("table.csv"))
            command = [binary, "buckets", config_path]
            settings = {}
        out = subprocess.run(command + ["--epoch", str(epoch), "--format", "json", "--assignments"],
                             check=True, capture_output=True, text=True).stdout
        strata = [tuple(x) if isinstance(x, list) else None for x in json.loads(out)["assignments"]]
        reference = reference_ids(csv_path, epoch, **settings)
    assert len(strata) == len(reference) == rows, (len(strata), len(reference))
    differ = [i for i, (a, b) in enumerate(zip(strata, reference)) if a != b]
    used = sum(1 for x in reference if x is not None)
    print(f"{rows} rows, epoch {epoch}: {used} assigned, {rows - used} None; {len(differ)} rows differ")
    for i in differ[:10]:
        print(f"  row {i}: strata {strata[i]}, reference {reference[i]}")
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
