a = dict(
    z=3,
)
