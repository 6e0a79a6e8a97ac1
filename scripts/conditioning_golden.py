#!/usr/bin/env python3
"""Reference values for strata's conditioning (Tests/TrainingTests/ConditioningTests.swift).

- hashed_text: FNV-1a 64 of a few tokens and the first embedding values of the documented
  generator (SplitMix64 seeded with the hash, top 24 bits -> (2u - 1) * sqrt(3), float32), written
  here independently of the Swift code.
- identity autoencoder with space_to_depth 2: torch.nn.functional.pixel_unshuffle per frame of
  arange(2*1*4*4) shaped [C=2, T=1, H=4, W=4].

    pip install numpy torch
    python3 scripts/conditioning_golden.py
"""
import numpy as np

MASK = 2**64 - 1


def fnv1a64(text):
    h = 0xCBF29CE484222325
    for byte in text.encode():
        h = ((h ^ byte) * 0x100000001B3) & MASK
    return h


def embedding(token, dim):
    state, out = fnv1a64(token), []
    for _ in range(dim):
        state = (state + 0x9E3779B97F4A7C15) & MASK
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        z ^= z >> 31
        u = np.float32(z >> 40) / np.float32(2**24)
        out.append(float((np.float32(2) * u - np.float32(1)) * np.float32(np.sqrt(3.0))))
    return out


for token in ["", "a", "cat"]:
    print(f"fnv1a64({token!r}) = {fnv1a64(token):#018x}")
for token in ["cat", "</s>"]:
    print(f"embedding({token!r}, 4) = {embedding(token, 4)}")

try:
    import torch

    video = torch.arange(2 * 1 * 4 * 4, dtype=torch.float32).reshape(2, 1, 4, 4)
    folded = torch.nn.functional.pixel_unshuffle(video.permute(1, 0, 2, 3), 2).permute(1, 0, 2, 3)
    print("space_to_depth 2 of arange [2,1,4,4] =", [int(v) for v in folded.flatten().tolist()])
except ImportError:
    print("torch not installed: no pixel_unshuffle reference")
