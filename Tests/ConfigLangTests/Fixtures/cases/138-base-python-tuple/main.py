_base_ = ("base.py",)
a = 1
