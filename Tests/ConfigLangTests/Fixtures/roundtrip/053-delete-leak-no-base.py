c = dict(
    w=1,
)
