lr = 5e-05
optim = dict(
    cls='HybridAdam',
    lr=5e-05,
    weight_decay=0.0,
)
