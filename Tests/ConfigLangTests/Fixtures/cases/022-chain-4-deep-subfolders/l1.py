v = dict(l1=True)
