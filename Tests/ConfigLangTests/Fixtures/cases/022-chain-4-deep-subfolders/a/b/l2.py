_base_ = "../../l1.py"
v = dict(l2=True)
