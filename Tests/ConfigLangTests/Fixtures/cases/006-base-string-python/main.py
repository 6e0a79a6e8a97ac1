_base_ = "base.py"
b = "child"
