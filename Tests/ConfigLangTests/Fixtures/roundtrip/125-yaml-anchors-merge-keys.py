defaults = dict(
    lr=0.1,
    wd=0.0,
)
a = dict(
    lr=0.1,
    wd=0.0,
)
b = dict(
    lr=0.2,
    wd=0.0,
)
