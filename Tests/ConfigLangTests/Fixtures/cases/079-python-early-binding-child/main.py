_base_ = "base.py"
lr = 5e-5
optim = dict(lr=lr)
