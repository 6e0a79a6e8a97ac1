"""The Python side of bench/bucket_bench.sh: Open-Sora 2.0's bucket assignment (the documented
algorithm, scripts/bucket_reference.py) over a generated table, as the sampler's group_by_bucket
runs it: pandas read_csv, `data.apply(apply, axis=1, ...)` or pandarallel's `parallel_apply` on
N workers, then samples and batches per bucket.

    python3 bench/bucket_assign.py generate TABLE ROWS CONFIG_YAML
    python3 bench/bucket_assign.py apply TABLE          (prints a summary line)
    python3 bench/bucket_assign.py pandarallel TABLE WORKERS
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "scripts"))
import compare_buckets  # noqa: E402  (the table generator and the bucket config)
from bucket_reference import Bucket, apply  # noqa: E402


def assign(table, workers):
    import pandas as pd

    data = pd.read_csv(table)
    data["id"] = data.index
    bucket = Bucket(compare_buckets.CONFIG, compare_buckets.D)
    kwargs = dict(method=bucket.get_bucket_id, seed=compare_buckets.SEED, num_bucket=bucket.num_bucket,
                  fps_max=compare_buckets.FPS_MAX)
    if workers:
        from pandarallel import pandarallel

        pandarallel.initialize(nb_workers=workers, progress_bar=False, verbose=0, use_memory_fs=False)
        ids = data.parallel_apply(apply, axis=1, **kwargs)
    else:
        ids = data.apply(apply, axis=1, **kwargs)
    counts = {}
    for bucket_id in ids:
        if bucket_id is not None:
            counts[bucket_id] = counts.get(bucket_id, 0) + 1
    batches = sum(n // bucket.bs[k[0]][k[1]] for k, n in counts.items())
    print(f"{sum(counts.values())} samples assigned, {batches} batches")


if __name__ == "__main__":
    mode = sys.argv[1]
    if mode == "generate":
        compare_buckets.generate(sys.argv[2], int(sys.argv[3]))
        with open(sys.argv[4], "w") as f:
            f.write(compare_buckets.config_yaml(os.path.basename(sys.argv[2])))
    elif mode == "apply":
        assign(sys.argv[2], 0)
    elif mode == "pandarallel":
        assign(sys.argv[2], int(sys.argv[3]))
    else:
        sys.exit(f"unknown mode {mode}")
