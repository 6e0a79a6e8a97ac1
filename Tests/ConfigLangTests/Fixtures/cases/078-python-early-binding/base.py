lr = 0.1
eps = 1e-8
optim = dict(lr=lr, eps=eps)
lr = 0.2
