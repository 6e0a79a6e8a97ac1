_base_ = "base.py"
s = dict(a=1)
