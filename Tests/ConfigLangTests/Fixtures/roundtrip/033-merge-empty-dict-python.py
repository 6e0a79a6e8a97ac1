model = dict(
    a=1,
)
head = dict(
    b=2,
)
