#!/usr/bin/env python3
"""Open-Sora's documented command lines, read by Open-Sora itself and by strata, must agree.

For each command line of Open-Sora's training docs (config file + `--key value` overrides) this
script compares three dicts:

  1. Open-Sora:  `parse_configs()` of an Open-Sora checkout's opensora/utils/config.py (mmengine's
                 Config.fromfile, then `merge_args` with the command line), torch stubbed;
  2. strata:     `strata dump CONFIG OVERRIDES --format json`;
  3. handed over: the config file strata writes for Open-Sora's trainer (`strata launch torchrun`),
                 read by the same `parse_configs()` with the arguments strata puts on the torchrun
                 line (`--model.from_pretrained …`).

(1) must equal (2), and (3) must equal (2) apart from the keys strata sets for the run itself
(`exp_name`, `outputs`), `config_path`, which parse_configs adds, and `model.from_pretrained` of a
stage that starts from its upstream stage's weights (strata's chaining, reported as such).

    pip install mmengine==0.10.7
    python3 scripts/check_opensora_command_lines.py --opensora OPEN_SORA_CHECKOUT [--strata .build/debug/strata]

The checkout must hold configs/diffusion/train/*.py and opensora/utils/config.py (a git clone of
hpcaitech/Open-Sora, or `git archive` of one). Exit 0 when every case agrees.
"""
import argparse
import importlib.util
import json
import os
import shlex
import subprocess
import sys
import tempfile
import types

# The command lines of Open-Sora 2.0's docs/train.md, with its real file names.
DATA = ["--dataset.data-path", "datasets/pexels_45k_necessary.csv"]
CASES = [
    ("stage1.py", DATA),
    ("stage1.py", DATA + ["--model.from_pretrained", "ckpts/Open_Sora_v2.safetensors"]),
    ("stage1.py", DATA + ["--load", "outputs/EXP/epoch0-global_step100"]),
    ("stage1.py", DATA + ["--load", "outputs/EXP/epoch0-global_step100", "--start-step", "0", "--start-epoch", "0"]),
    ("stage1.py", DATA + ["--wandb", "True"]),
    ("stage1.py", ["--dataset.data-path", "datasets/pexels_45k_necessary.parquet", "--dataset.memory_efficient", "True"]),
    ("image.py", DATA + ["--wandb", "True", "--exp-name", "image_run"]),
    ("stage2.py", DATA + ["--model.from_pretrained", "ckpts/stage1/epoch0-global_step100", "--plugin_config.sp_size", "8"]),
    ("stage1_i2v.py", DATA + ["--model.from_pretrained", "ckpts/Open_Sora_v2.safetensors", "--lr", "1e-5"]),
]

# strata puts these on the torchrun line rather than in the file; as Open-Sora reads them either
# way, the handed-over check moves them back.
RUN_KEYS = {"exp_name", "outputs", "config_path"}


def open_sora_parse_configs(checkout):
    """Open-Sora's parse_configs, imported from the checkout with torch and its logger stubbed."""
    sys.modules.setdefault("torch", types.ModuleType("torch"))
    for name in ("opensora", "opensora.utils"):
        package = types.ModuleType(name)
        package.__path__ = []
        sys.modules.setdefault(name, package)
    logger = types.ModuleType("opensora.utils.logger")
    logger.is_distributed = lambda: False
    logger.is_main_process = lambda: True
    sys.modules["opensora.utils.logger"] = logger
    spec = importlib.util.spec_from_file_location("opensora.utils.config", os.path.join(checkout, "opensora/utils/config.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.parse_configs


def read_with_open_sora(parse_configs, config, arguments):
    saved = sys.argv
    sys.argv = ["train.py", config] + arguments
    try:
        cfg = parse_configs()
    finally:
        sys.argv = saved
    os.environ.pop("AE_SPATIAL_COMPRESSION", None)
    return json.loads(json.dumps(cfg.to_dict()))


def strata(binary, *arguments):
    done = subprocess.run([binary, *arguments], capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"strata {' '.join(arguments)}: exit {done.returncode}\n{done.stderr}")
    return done.stdout


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--opensora", required=True, help="an Open-Sora 2.0 checkout")
    parser.add_argument("--strata", default=".build/debug/strata")
    args = parser.parse_args()
    parse_configs = open_sora_parse_configs(args.opensora)
    folder = os.path.join(args.opensora, "configs/diffusion/train")
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        for number, (name, arguments) in enumerate(CASES):
            config = os.path.join(folder, name)
            theirs = read_with_open_sora(parse_configs, config, arguments)
            theirs.pop("config_path", None)
            ours = json.loads(strata(args.strata, "dump", config, *arguments, "--format", "json"))
            written = os.path.join(tmp, f"case{number}.py")
            printed = strata(args.strata, "launch", "torchrun", config, *arguments, "-o", written, "--nproc-per-node", "1")
            command = shlex.split(printed.strip().splitlines()[-1])
            handed = read_with_open_sora(parse_configs, written, command[command.index(written) + 1:])
            handed = {k: v for k, v in handed.items() if k not in RUN_KEYS}
            expected = {k: v for k, v in ours.items() if k not in RUN_KEYS}
            # The one intended difference: a stage without its own weights starts from its
            # upstream stage's (strata's chaining, Open-Sora's --model.from_pretrained).
            chained = None
            if ours.get("model", {}).get("from_pretrained") is None and handed.get("model", {}).get("from_pretrained"):
                chained = handed["model"]["from_pretrained"]
                handed["model"] = dict(handed["model"], from_pretrained=None)
            same_read = theirs == ours
            same_handed = handed == expected
            failures += not (same_read and same_handed)
            line = " ".join([name] + arguments)
            print(f"{'ok' if same_read and same_handed else 'DIFFERENT'}  {line}"
                  + (f"\n    (chained: --model.from_pretrained {chained})" if chained else ""))
            if not same_read:
                report(theirs, ours, "Open-Sora reads", "strata reads")
            if not same_handed:
                report(handed, expected, "Open-Sora reads strata's file", "strata reads")
    print(f"{len(CASES) - failures} of {len(CASES)} command lines agree")
    return 1 if failures else 0


def report(a, b, label_a, label_b, path=""):
    if isinstance(a, dict) and isinstance(b, dict):
        for key in sorted(set(a) | set(b)):
            report(a.get(key, "<missing>"), b.get(key, "<missing>"), label_a, label_b, f"{path}.{key}" if path else key)
    elif a != b:
        print(f"    {path}: {label_a} {a!r}, {label_b} {b!r}")


if __name__ == "__main__":
    sys.exit(main())
