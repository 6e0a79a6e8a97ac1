_base_ = "base.yaml"
a = "s"
b = 1.5
c = None
d = False
