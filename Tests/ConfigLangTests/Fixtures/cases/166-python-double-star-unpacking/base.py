norm_cfg = dict(type='BN', requires_grad=True)
