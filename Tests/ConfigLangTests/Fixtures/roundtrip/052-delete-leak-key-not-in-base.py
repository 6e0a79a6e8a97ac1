other = 1
fresh = dict(
    a=1,
)
