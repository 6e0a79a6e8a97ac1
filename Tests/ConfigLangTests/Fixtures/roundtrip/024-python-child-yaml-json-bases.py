data = dict(
    batch=32,
    workers=2,
)
optim = dict(
    type='adam',
    lr=0.01,
)
