_base_ = "base.py"
y = x
