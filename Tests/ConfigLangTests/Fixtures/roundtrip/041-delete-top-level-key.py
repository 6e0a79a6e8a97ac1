optim = dict(
    type='sgd',
    lr=0.1,
)
after = 1
