_base_ = "base.py"
m = {-1: "neg", 3: "three", "3": "str-three"}
