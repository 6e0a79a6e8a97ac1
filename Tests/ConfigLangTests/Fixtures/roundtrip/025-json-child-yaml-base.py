model = dict(
    depth=3,
    width=2,
)
extra = [1, 2]
