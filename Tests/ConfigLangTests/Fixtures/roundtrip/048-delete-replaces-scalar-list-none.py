s = dict(
    v=1,
)
l = dict(
    v=2,
)
n = dict(
    v=3,
)
