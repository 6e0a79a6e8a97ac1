# Test fixture in the shape of Open-Sora 2.0's debugging config: stage 1 with a tiny bucket
# table and batch size 1.
_base_ = ["stage1.py"]

bucket_config = {
    "_delete_": True,
    "256px": {
        1: (1.0, 1),
        33: (1.0, 1),
        97: (1.0, 1),
        129: (1.0, 1),
    },
}
