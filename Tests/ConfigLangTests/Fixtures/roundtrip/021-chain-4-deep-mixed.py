opt = dict(
    lr=4,
    type='sgd',
    wd=0.01,
    mom=0.9,
)
l1 = 1
l2 = 2
l3 = 3
l0 = 0
