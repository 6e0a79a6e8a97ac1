lr = 0.1
model = dict(depth=3, dims=[64])
