#!/usr/bin/env python3
"""Checks `strata launch torchrun` against mmengine, the loader Open-Sora's train.py uses.

For each (experiment, stage) it writes the Open-Sora config with strata, loads it with mmengine's
Config.fromfile, and compares the dict with `strata dump CONFIG --format json` (strata's reading of
the same file, tuples as lists and integer keys as strings, the way Python's json writes them), and
checks that every top-level key strata writes is one Open-Sora 2.0's scripts/diffusion/train.py reads.

    python3 scripts/check_torchrun_config.py [--strata .build/debug/strata] [--base OPEN_SORA_CONFIG]

Needs mmengine (pip install mmengine==0.10.7). Exit 0 when every case agrees.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

from mmengine.config import Config

# reference/opensora.md §1.2 and §1.3.
TRAIN_KEYS = set("""
dataset grad_ckpt_settings bucket_config model dropout_ratio ae is_causal_vae t5 clip optim warmup_steps
update_warmup_steps grad_clip accumulation_steps ema_decay prefetch_factor num_workers num_bucket_build_workers
dtype plugin grad_checkpoint plugin_config pin_memory_cache_pre_alloc_numels async_io seed outputs epochs log_every
ckpt_every keep_n_latest wandb_project save_master_weights load_master_weights wandb exp_name load start_epoch
start_step batch_size lora_config lora_checkpoint cached_video cached_text use_cosine_scheduler initial_lr warmup_ae
sigma_min condition_config patch_size no_i2v_ref_loss guidance grad_ckpt_buffer_size ae_spatial_compression
""".split())

CASES = [("demo", "image"), ("demo", "stage1"), ("demo", "stage2"),
         ("cluster_256px", "stage1"), ("cluster_256px", "stage1_i2v"), ("cluster_256px", "stage2_i2v")]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--strata", default=".build/debug/strata")
    parser.add_argument("--base", help="an Open-Sora training config to give as --base")
    args = parser.parse_args()
    failures = 0
    # With a base, the base's own keys are the base's business (Open-Sora's configs carry helpers
    # such as lr); only the keys strata writes must be ones train.py reads.
    base_keys = set(Config.fromfile(args.base).to_dict()) if args.base else set()
    with tempfile.TemporaryDirectory() as tmp:
        for experiment, stage in CASES:
            path = os.path.join(tmp, f"{experiment}_{stage}.py")
            command = [args.strata, "launch", "torchrun", stage, "-e", experiment, "-o", path]
            if args.base:
                command += ["--base", args.base]
            subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            mm = json.loads(json.dumps(Config.fromfile(path).to_dict()))
            ours = json.loads(subprocess.run([args.strata, "dump", path, "--format", "json"], check=True,
                                             capture_output=True, text=True).stdout)
            unknown = sorted(set(mm) - TRAIN_KEYS - base_keys)
            same = mm == ours
            status = "ok" if same and not unknown else "DIFFERENT"
            failures += status != "ok"
            print(f"{experiment}/{stage}: {len(mm)} keys, mmengine == strata: {same}"
                  + (f", not read by train.py: {unknown}" if unknown else "") + f"  [{status}]")
            if not same:
                for key in sorted(set(mm) | set(ours)):
                    if mm.get(key) != ours.get(key):
                        print(f"  {key}: mmengine {mm.get(key)!r} strata {ours.get(key)!r}")
    print("all agree" if failures == 0 else f"{failures} case(s) differ")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
