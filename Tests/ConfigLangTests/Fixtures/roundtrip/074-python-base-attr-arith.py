lr = 0.2
model = dict(
    depth=3,
    dims=[64],
)
depth = 4
dims = [64, 512]
half = 0.05
