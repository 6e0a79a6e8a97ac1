#!/usr/bin/env python3
"""Check a run's TensorBoard event files with TensorBoard's own reader (not run by CI).

    pip install tensorboard pyyaml
    python3 scripts/check_tensorboard_events.py outputs/demo/stage1-… [more run directories]

Loads each run directory with TensorBoard's EventAccumulator and checks:
  - scalars: every number of every metrics.jsonl line is the scalar of the same name at its step
    (as float32, TensorBoard's simple_value), and there is no other scalar step;
  - text: the `config` text is the run's resolved config (run.yaml's `config`);
  - hparams: the session-start record holds the config's leaves (optim.lr, …);
  - images: every samples/<name>.png contact sheet is the image `samples/<name>`, byte for byte.
Prints one line per check and exits 1 if any failed.
"""
import json
import os
import struct
import sys

import yaml
from tensorboard.backend.event_processing import event_accumulator
from tensorboard.plugins.hparams import plugin_data_pb2


def f32(value):
    return struct.unpack("<f", struct.pack("<f", value))[0]


def leaves(node, prefix=""):
    if isinstance(node, dict):
        for key, value in node.items():
            yield from leaves(value, f"{prefix}.{key}" if prefix else str(key))
    else:
        yield prefix, node


class Loader(yaml.SafeLoader):
    """run.yaml writes tuples as !!python/tuple; read them as lists."""


Loader.add_constructor("tag:yaml.org,2002:python/tuple", lambda loader, node: loader.construct_sequence(node))


def check(run):
    failures = []
    ok = lambda what: print(f"  ok    {what}")

    def fail(what):
        print(f"  FAIL  {what}")
        failures.append(what)

    acc = event_accumulator.EventAccumulator(run, size_guidance={
        event_accumulator.SCALARS: 0, event_accumulator.IMAGES: 0, event_accumulator.TENSORS: 0})
    acc.Reload()
    tags = acc.Tags()

    expected = {}
    with open(os.path.join(run, "metrics.jsonl")) as lines:
        for line in lines:
            record = json.loads(line)
            for key, value in record.items():
                if key != "step" and isinstance(value, (int, float)):
                    expected.setdefault(key, {})[record["step"]] = f32(value)
    for tag, steps in sorted(expected.items()):
        if tag not in tags["scalars"]:
            fail(f"scalar {tag}: missing")
            continue
        got = {event.step: event.value for event in acc.Scalars(tag)}
        if got == steps:
            ok(f"scalar {tag}: {len(steps)} steps equal metrics.jsonl")
        else:
            wrong = sorted(set(got.items()) ^ set(steps.items()))[:5]
            fail(f"scalar {tag}: differs from metrics.jsonl ({len(got)} vs {len(steps)} steps; e.g. {wrong})")
    extra = sorted(set(tags["scalars"]) - set(expected))
    if extra:
        fail(f"scalars not in metrics.jsonl: {extra}")

    with open(os.path.join(run, "run.yaml")) as file:
        config = yaml.load(file, Loader=Loader)["config"]
    texts = acc.Tensors("config") if "config" in tags["tensors"] else []
    if not texts:
        fail("text config: missing")
    else:
        markdown = texts[-1].tensor_proto.string_val[0].decode()
        code = "\n".join(line[4:] for line in markdown.split("\n"))
        if yaml.load(code, Loader=Loader) == config:
            ok(f"text config: equals run.yaml's config ({len(markdown.splitlines())} lines)")
        else:
            fail("text config: differs from run.yaml's config")

    content = acc.PluginTagToContent("hparams").get("_hparams_/session_start_info")
    if content is None:
        fail("hparams: no session_start_info")
    else:
        data = plugin_data_pb2.HParamsPluginData.FromString(content)
        hparams = data.session_start_info.hparams
        wrong = []
        for key, value in leaves(config):
            if value is None:
                continue
            if key not in hparams:
                wrong.append(f"{key} missing")
            elif isinstance(value, bool):
                if hparams[key].bool_value != value:
                    wrong.append(key)
            elif isinstance(value, (int, float)):
                if hparams[key].number_value != value:
                    wrong.append(key)
        if wrong:
            fail(f"hparams: {wrong[:5]}")
        else:
            ok(f"hparams: {len(hparams)} values, numbers and flags equal the config's")

    samples = os.path.join(run, "samples")
    sheets = sorted(name for name in os.listdir(samples) if name.endswith(".png")) if os.path.isdir(samples) else []
    for sheet in sheets:
        tag = "samples/" + sheet[:-4]
        if tag not in tags["images"]:
            fail(f"image {tag}: missing")
            continue
        image = acc.Images(tag)[-1]
        with open(os.path.join(samples, sheet), "rb") as file:
            png = file.read()
        if image.encoded_image_string == png:
            ok(f"image {tag}: {image.width}×{image.height}, equals {sheet} (step {image.step})")
        else:
            fail(f"image {tag}: bytes differ from {sheet}")
    return failures


def main():
    runs = sys.argv[1:]
    if not runs:
        print(__doc__)
        return 2
    failed = 0
    for run in runs:
        print(run)
        failed += len(check(run))
    print("all checks passed" if not failed else f"{failed} check(s) failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
