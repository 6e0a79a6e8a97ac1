#!/usr/bin/env python3
"""Writes Tests/ConfigLangTests/Fixtures/floats/repr.json: doubles (as bit patterns) with Python's
repr of each, for the differential test of strata's PythonFloat.repr. Deterministic (seeded)."""
import json, os, random, struct, sys

def main():
    rng = random.Random(20261121)
    values = [0.0, -0.0, 1.0, 0.1, 1e-4, 1e-5, 5e-5, 1e15, 1e16, 123456789012345678.0, 1e22, 1e-7,
              2.5, 100.0, 0.31622777, 1e-15, 3.141592653589793, 5e-324, 1.7976931348623157e308,
              float("inf"), float("-inf"), 9999999999999998.0, 0.0001, 0.00001234, 1e300]
    for _ in range(1500):
        bits = rng.getrandbits(64)
        (value,) = struct.unpack("<d", struct.pack("<Q", bits))
        if value == value:  # skip NaN payloads
            values.append(value)
    for _ in range(1500):
        values.append(round(rng.uniform(-1e6, 1e6), rng.randint(0, 12)) * 10.0 ** rng.randint(-20, 20))
    rows = [[format(struct.unpack("<Q", struct.pack("<d", v))[0], "016x"), repr(v)] for v in values]
    out = os.path.join(os.path.dirname(__file__), "..", "Tests", "ConfigLangTests", "Fixtures", "floats", "repr.json")
    text = json.dumps(rows, indent=0) + "\n"
    if "--check" in sys.argv:
        sys.exit(0 if open(out).read() == text else 1)
    open(out, "w").write(text)

main()
