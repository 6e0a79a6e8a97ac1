a = dict(
    b=dict(
        c=1,
    ),
)
