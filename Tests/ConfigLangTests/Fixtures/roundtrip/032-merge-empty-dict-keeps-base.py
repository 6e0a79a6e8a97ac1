model = dict(
    a=1,
    b=2,
)
