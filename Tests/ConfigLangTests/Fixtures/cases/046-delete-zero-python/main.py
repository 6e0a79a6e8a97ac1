_base_ = "base.py"
a = {"_delete_": 0, "z": 3}
