_base_ = "base.py"
lr = 0.5
