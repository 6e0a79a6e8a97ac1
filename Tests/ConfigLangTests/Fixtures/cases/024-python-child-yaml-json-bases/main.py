_base_ = ["data.yaml", "optim.json"]
optim = dict(lr=0.01)
data = dict(batch=32)
