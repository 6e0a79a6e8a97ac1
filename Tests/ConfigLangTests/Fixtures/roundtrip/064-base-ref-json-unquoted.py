optim = dict(
    lr=0.5,
    type='sgd',
)
lr = 0.5
all = dict(
    lr=0.5,
    type='sgd',
)
