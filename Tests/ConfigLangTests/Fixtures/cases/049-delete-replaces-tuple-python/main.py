_base_ = "base.py"
t = dict(_delete_=True, v=1)
