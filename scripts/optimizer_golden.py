#!/usr/bin/env python3
"""Reference vectors for strata's optimizers, written with PyTorch itself (CPU, float32).

Writes Tests/TensorTests/OptimizerGoldenData.swift (the JSON as a Swift string literal, since the
test target declares no resources): for each case the initial parameters, the
gradients and learning rate of every step, and the parameters after every step, as produced by
torch.optim.AdamW / Adam / SGD; torch.nn.utils.clip_grad_norm_; Open-Sora's LinearWarmupLR
(opensora/utils/optimizer.py, re-declared below as a torch scheduler) and torch's CosineAnnealingLR;
and Open-Sora's update_ema arithmetic (mul_(decay).add_(p, alpha=1-decay)).

    pip install torch numpy
    python3 scripts/optimizer_golden.py [OUTPUT]
"""
import json
import math
import sys

import numpy as np
import torch
from torch.optim.lr_scheduler import CosineAnnealingLR, _LRScheduler

OUT = sys.argv[1] if len(sys.argv) > 1 else "Tests/TensorTests/OptimizerGoldenData.swift"
SHAPES = [[3, 4], [5]]
NAMES = ["blocks.0.weight", "final.bias"]
STEPS = 6
rng = np.random.default_rng(20240607)


def floats(t):
    return [float(x) for x in t.detach().numpy().astype(np.float32).ravel()]


def random_tensors(scale=1.0):
    return [torch.tensor(rng.standard_normal(s).astype(np.float32) * np.float32(scale)) for s in SHAPES]


class LinearWarmupLR(_LRScheduler):
    """Open-Sora 2.0's warmup (opensora/utils/optimizer.py), same formula."""

    def __init__(self, optimizer, initial_lr=0, warmup_steps=0, last_epoch=-1):
        self.initial_lr = initial_lr
        self.warmup_steps = warmup_steps
        super().__init__(optimizer, last_epoch=last_epoch)

    def get_lr(self):
        if self.last_epoch < self.warmup_steps:
            return [self.initial_lr + (self.last_epoch + 1) / (self.warmup_steps + 1) * (lr - self.initial_lr)
                    for lr in self.base_lrs]
        return self.base_lrs


def optimizer_case(name, make, lrs):
    params = [torch.nn.Parameter(t.clone()) for t in random_tensors()]
    initial = [floats(p) for p in params]
    opt = make(params)
    steps = []
    for lr in lrs:
        grads = random_tensors(0.5)
        for p, g in zip(params, grads):
            p.grad = g.clone()
        for group in opt.param_groups:
            group["lr"] = lr
        opt.step()
        steps.append({"lr": lr, "gradients": [floats(g) for g in grads], "parameters": [floats(p) for p in params]})
    return {"name": name, "initial": initial, "steps": steps}


def f32(x):
    return float(np.float32(x))


lrs = [f32(x) for x in (1e-3, 2e-3, 5e-4, 1e-2, 3e-3, 1e-3)]
cases = [
    optimizer_case("adamw", lambda p: torch.optim.AdamW(p, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.1, foreach=False), lrs),
    optimizer_case("adamw_eps15", lambda p: torch.optim.AdamW(p, lr=1e-3, betas=(0.9, 0.95), eps=1e-15, weight_decay=0.0, foreach=False), lrs),
    optimizer_case("adam_l2", lambda p: torch.optim.Adam(p, lr=1e-3, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.05, foreach=False), lrs),
    optimizer_case("sgd_momentum", lambda p: torch.optim.SGD(p, lr=1e-2, momentum=0.9, foreach=False), lrs),
    optimizer_case("sgd_nesterov_wd", lambda p: torch.optim.SGD(p, lr=1e-2, momentum=0.8, nesterov=True, weight_decay=0.01, foreach=False), lrs),
    optimizer_case("sgd_plain", lambda p: torch.optim.SGD(p, lr=1e-2, foreach=False), lrs),
]

# Clipping: one set of gradients well above max_norm, one below.
clips = []
for scale, max_norm in ((3.0, 1.0), (0.01, 1.0)):
    grads = random_tensors(scale)
    params = [torch.nn.Parameter(torch.zeros(s)) for s in SHAPES]
    for p, g in zip(params, grads):
        p.grad = g.clone()
    norm = torch.nn.utils.clip_grad_norm_(params, max_norm)
    clips.append({"max_norm": max_norm, "gradients": [floats(g) for g in grads], "norm": float(norm),
                  "clipped": [floats(p.grad) for p in params]})


def schedule(make, count):
    opt = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=2e-4)
    sched = make(opt)
    rates = []
    for _ in range(count):
        rates.append(opt.param_groups[0]["lr"])  # the rate the optimizer step of this micro-step uses
        opt.step()
        sched.step()
    return rates


schedules = {
    "warmup": {"base": 2e-4, "initial": 1e-6, "warmup": 5, "rates": schedule(lambda o: LinearWarmupLR(o, initial_lr=1e-6, warmup_steps=5), 10)},
    "no_warmup": {"base": 2e-4, "initial": 1e-6, "warmup": 0, "rates": schedule(lambda o: LinearWarmupLR(o, initial_lr=1e-6, warmup_steps=0), 4)},
    # Cosine after warmup: torch's CosineAnnealingLR over the remaining steps, started at step W.
    "cosine": {"base": 2e-4, "floor": 1e-5, "total": 12,
               "rates": schedule(lambda o: CosineAnnealingLR(o, T_max=12, eta_min=1e-5), 13)},
}

# EMA: Open-Sora's update_ema arithmetic.
ema_w = random_tensors()
ema_initial = [floats(w) for w in ema_w]
model_steps = []
ema_after = []
decay = 0.99
for _ in range(4):
    model = random_tensors()
    for e, p in zip(ema_w, model):
        e.mul_(decay).add_(p, alpha=1 - decay)
    model_steps.append([floats(p) for p in model])
    ema_after.append([floats(e) for e in ema_w])

text = json.dumps({"torch": torch.__version__, "names": NAMES, "shapes": SHAPES, "optimizers": cases, "clipping": clips,
           "schedules": schedules, "ema": {"decay": decay, "initial": ema_initial, "models": model_steps, "after": ema_after}},
          separators=(",", ":"))
with open(OUT, "w") as out:
    out.write("// Generated by scripts/optimizer_golden.py with PyTorch; do not edit.\n")
    out.write("let optimizerGoldenJSON = #\"\"\"\n")
    out.write(text.replace("},{", "},\n{"))
    out.write("\n\"\"\"#\n")
print(f"wrote {OUT}")
