_base_ = ["./sub/../c.yaml"]
y = 2
