_base_ = "base.py"
ema = dict(decay=0.99)
