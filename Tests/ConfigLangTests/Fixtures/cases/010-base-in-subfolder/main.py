_base_ = ["base/model.py"]
model = dict(width=2)
