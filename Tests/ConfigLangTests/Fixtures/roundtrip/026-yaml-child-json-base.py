a = dict(
    b=dict(
        c=2,
        d=1,
    ),
    e=1,
)
