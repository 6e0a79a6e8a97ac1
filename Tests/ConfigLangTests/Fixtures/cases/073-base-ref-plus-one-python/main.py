_base_ = "base.py"
y = {{_base_.x}} + 1
