lr = 0.5
optim = dict(
    lr=0.1,
)
