model = dict(
    type='net',
    depth=3,
    dims=[1, 2],
)
teacher = dict(
    type='net',
    depth=3,
    dims=[1, 2],
)
depth = 3
