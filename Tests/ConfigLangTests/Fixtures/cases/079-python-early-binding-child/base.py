lr = 1e-4
optim = dict(cls="HybridAdam", lr=lr, weight_decay=0.0)
