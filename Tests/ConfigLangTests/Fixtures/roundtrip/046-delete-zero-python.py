a = dict(
    x=1,
    z=3,
)
