t = dict(
    v=1,
)
