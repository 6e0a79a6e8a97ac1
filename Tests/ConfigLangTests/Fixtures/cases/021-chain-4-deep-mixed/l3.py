_base_ = "l2.yaml"
opt = dict(lr=3, mom=0.9)
l3 = 3
