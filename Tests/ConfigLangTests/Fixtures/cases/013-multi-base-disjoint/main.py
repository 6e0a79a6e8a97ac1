_base_ = ["a.yaml", "b.py", "c.json"]
d = 4
b2 = "over"
