_base_ = "base.py"
bucket = {"_delete_": True, "256px": {1: (1.0, 8)}}
