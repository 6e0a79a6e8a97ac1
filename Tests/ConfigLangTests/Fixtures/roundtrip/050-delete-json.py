a = dict(
    new=1,
)
b = 2
