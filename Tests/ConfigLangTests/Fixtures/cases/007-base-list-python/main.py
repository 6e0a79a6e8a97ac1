_base_ = ["base.py"]
model = dict(depth=50)
