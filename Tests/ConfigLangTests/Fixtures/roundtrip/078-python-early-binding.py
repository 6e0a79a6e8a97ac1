lr = 0.5
eps = 1e-08
optim = dict(
    lr=0.1,
    eps=1e-08,
)
