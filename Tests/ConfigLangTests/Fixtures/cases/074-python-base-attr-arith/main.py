_base_ = "base.py"
lr = _base_.lr * 2
depth = _base_.model.depth + 1
dims = _base_.model.dims + [512]
half = _base_.lr / 2
