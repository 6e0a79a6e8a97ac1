_base_ = "a/l3.py"
v = dict(main=True)
