_base_ = "base.py"
y = _base_.nope
