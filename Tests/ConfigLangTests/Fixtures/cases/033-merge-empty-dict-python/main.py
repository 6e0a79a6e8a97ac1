_base_ = "base.py"
model = dict()
head = {}
