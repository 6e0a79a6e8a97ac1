model = dict(
    type='net',
    depth=3,
)
teacher = dict(
    type='net',
    depth=3,
)
depth = 3
