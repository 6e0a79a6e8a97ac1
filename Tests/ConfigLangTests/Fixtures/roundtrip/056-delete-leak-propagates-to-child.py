r = 0
fresh = dict(
    a=1,
    b=2,
)
