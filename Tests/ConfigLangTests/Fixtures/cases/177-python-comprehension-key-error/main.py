cfg = dict(a=1)
x = [cfg[k] for k in ['a', 'b']]
