_base_ = "base.py"
a = (9,)
b = [9]
c = ()
