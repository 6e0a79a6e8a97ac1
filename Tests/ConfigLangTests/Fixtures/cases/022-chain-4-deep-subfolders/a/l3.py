_base_ = "b/l2.py"
v = dict(l3=True)
