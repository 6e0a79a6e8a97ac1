#!/usr/bin/env python3
"""The demo dit of strata (adaln_zero text conditioning) written in PyTorch, timed like
strata-tensor-bench train-step: median milliseconds of one forward + backward with an MSE loss.

    python3 bench/tensor_train_step.py B C T H W THREADS REPS [CONDITIONING [TEXT_LEN]]

CONDITIONING is adaln_zero (pooled text added to the timestep vector) or in_context (the
demo's: caption tokens through a GELU MLP, prepended to the image tokens in every attention and
dropped before the final layer). Same architecture and sizes as Sources/Training/Model: patch (1, 4, 4) linear embedding, fixed
3-D sin-cos positions, sinusoidal(256) → SiLU MLP timestep embedding, pooled text → SiLU MLP
added to it, adaLN-Zero blocks (LayerNorm without affine, eps 1e-6; fused qkv attention through
F.scaled_dot_product_attention; GELU-tanh MLP ×4), final adaLN + linear, unpatchify.
Prints one line: `torch MEDIAN_MS`.
"""
import math
import statistics
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

HIDDEN, DEPTH, HEADS, PATCH, TEXT_DIM, FREQ = 64, 2, 4, (1, 4, 4), 64, 256


def sincos(positions, dim):
    omega = 1.0 / (10000 ** (torch.arange(dim // 2, dtype=torch.float64) / (dim // 2)))
    angles = positions[:, None].double() * omega[None]
    return torch.cat([angles.sin(), angles.cos()], dim=1).float()


def positions(t, h, w, d):
    rows, cols, times = sincos(torch.arange(h), d // 2), sincos(torch.arange(w), d // 2), sincos(torch.arange(t), d)
    spatial = torch.cat([rows[:, None, :].expand(h, w, d // 2), cols[None, :, :].expand(h, w, d // 2)], dim=2)
    return (spatial[None] + times[:, None, None, :]).reshape(t * h * w, d)


def modulate(x, shift, scale):
    return x * (1 + scale[:, None]) + shift[:, None]


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.norm1 = nn.LayerNorm(HIDDEN, elementwise_affine=False, eps=1e-6)
        self.qkv = nn.Linear(HIDDEN, 3 * HIDDEN)
        self.proj = nn.Linear(HIDDEN, HIDDEN)
        self.norm2 = nn.LayerNorm(HIDDEN, elementwise_affine=False, eps=1e-6)
        self.fc1 = nn.Linear(HIDDEN, 4 * HIDDEN)
        self.fc2 = nn.Linear(4 * HIDDEN, HIDDEN)
        self.ada = nn.Linear(HIDDEN, 6 * HIDDEN)

    def forward(self, x, c):
        s1, c1, g1, s2, c2, g2 = self.ada(c).chunk(6, dim=1)
        b, n, d = x.shape
        qkv = self.qkv(modulate(self.norm1(x), s1, c1)).reshape(b, n, 3, HEADS, d // HEADS).permute(2, 0, 3, 1, 4)
        a = F.scaled_dot_product_attention(qkv[0], qkv[1], qkv[2]).transpose(1, 2).reshape(b, n, d)
        x = x + g1[:, None] * self.proj(a)
        m = self.fc2(F.gelu(self.fc1(modulate(self.norm2(x), s2, c2)), approximate="tanh"))
        return x + g2[:, None] * m


class DiT(nn.Module):
    def __init__(self, channels, in_context):
        super().__init__()
        self.channels = channels
        self.in_context = in_context
        pf = channels * PATCH[0] * PATCH[1] * PATCH[2]
        self.x_embed = nn.Linear(pf, HIDDEN)
        self.t_mlp = nn.Sequential(nn.Linear(FREQ, HIDDEN), nn.SiLU(), nn.Linear(HIDDEN, HIDDEN))
        act = nn.GELU(approximate="tanh") if in_context else nn.SiLU()
        self.y_mlp = nn.Sequential(nn.Linear(TEXT_DIM, HIDDEN), act, nn.Linear(HIDDEN, HIDDEN))
        self.blocks = nn.ModuleList(Block() for _ in range(DEPTH))
        self.norm = nn.LayerNorm(HIDDEN, elementwise_affine=False, eps=1e-6)
        self.final_ada = nn.Linear(HIDDEN, 2 * HIDDEN)
        self.final = nn.Linear(HIDDEN, pf)

    def forward(self, x, t, text, mask):
        b, c, T, H, W = x.shape
        pt, ph, pw = PATCH
        gt, gh, gw = T // pt, H // ph, W // pw
        patches = x.reshape(b, c, gt, pt, gh, ph, gw, pw).permute(0, 2, 4, 6, 1, 3, 5, 7).reshape(b, gt * gh * gw, -1)
        h = self.x_embed(patches) + positions(gt, gh, gw, HIDDEN)[None]
        half = FREQ // 2
        freqs = torch.exp(-math.log(10000) * torch.arange(half, dtype=torch.float32) / half)
        args = 1000 * t[:, None] * freqs[None]
        temb = self.t_mlp(torch.cat([args.cos(), args.sin()], dim=1))
        if self.in_context:
            cond = F.silu(temb)
            h = torch.cat([self.y_mlp(text), h], dim=1)
        else:
            pooled = (text * mask[..., None]).sum(1) / mask.sum(1, keepdim=True).clamp(min=1)
            cond = F.silu(temb + self.y_mlp(pooled))
        for block in self.blocks:
            h = block(h, cond)
        if self.in_context:
            h = h[:, text.shape[1]:]
        shift, scale = self.final_ada(cond).chunk(2, dim=1)
        out = self.final(modulate(self.norm(h), shift, scale))
        return out.reshape(b, gt, gh, gw, c, pt, ph, pw).permute(0, 4, 1, 5, 2, 6, 3, 7).reshape(b, c, T, H, W)


def main():
    b, c, t, h, w, threads, reps = (int(v) for v in sys.argv[1:8])
    conditioning = sys.argv[8] if len(sys.argv) > 8 else "adaln_zero"
    text_len = int(sys.argv[9]) if len(sys.argv) > 9 else 32
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    model = DiT(c, conditioning == "in_context")
    with torch.no_grad():
        for p in model.parameters():
            p.normal_(0, 0.02)
    x = torch.randn(b, c, t, h, w)
    steps = (torch.arange(b, dtype=torch.float32) + 1) / (b + 1)
    text = torch.randn(b, text_len, TEXT_DIM)
    mask = torch.ones(b, text_len)
    target = torch.randn(b, c, t, h, w)

    def step():
        model.zero_grad(set_to_none=False)
        loss = F.mse_loss(model(x, steps, text, mask), target)
        loss.backward()

    step()
    times = []
    for _ in range(reps):
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
    print(f"torch {statistics.median(times) * 1000:.2f}")


if __name__ == "__main__":
    main()
