"""Corrupted variants of media files for bench/data_fuzz.sh: truncations, flipped bytes in the
header and the middle, zeroed blocks, swapped blocks and appended garbage, from a seeded RNG.

Usage: python3 data_fuzz.py OUT_DIR PER_FILE BASE_FILE...   (writes OUT_DIR/<base>.<kind>.<n>.<ext>)
"""
import os
import random
import sys


def variants(data, count, rng):
    size = len(data)
    kinds = ["truncate", "flip_header", "flip_middle", "zero_block", "swap_blocks", "append_garbage"]
    for n in range(count):
        kind = kinds[n % len(kinds)]
        out = bytearray(data)
        if kind == "truncate":
            out = out[: max(1, int(size * rng.uniform(0.02, 0.98)))]
        elif kind == "flip_header":
            for _ in range(rng.randint(1, 8)):
                out[rng.randrange(min(size, 1024))] ^= 1 << rng.randrange(8)
        elif kind == "flip_middle":
            for _ in range(rng.randint(1, 32)):
                out[rng.randrange(size // 4, size * 3 // 4)] ^= 1 << rng.randrange(8)
        elif kind == "zero_block":
            length = rng.choice([16, 256, 4096])
            start = rng.randrange(max(1, size - length))
            out[start:start + length] = bytes(min(length, size - start))
        elif kind == "swap_blocks":
            length = rng.choice([256, 4096])
            if size > 2 * length:
                a = rng.randrange(size - length)
                b = rng.randrange(size - length)
                block_a, block_b = bytes(out[a:a + length]), bytes(out[b:b + length])
                out[a:a + length], out[b:b + length] = block_b, block_a
        else:
            out += bytes(rng.randrange(256) for _ in range(rng.choice([1, 100, 5000])))
        yield kind, n, bytes(out)


def main():
    out_dir, per_file, bases = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
    rng = random.Random(20)
    for base in bases:
        data = open(base, "rb").read()
        stem, ext = os.path.splitext(os.path.basename(base))
        for kind, n, blob in variants(data, per_file, rng):
            with open(os.path.join(out_dir, f"{stem}.{kind}.{n}{ext}"), "wb") as f:
                f.write(blob)


if __name__ == "__main__":
    main()
